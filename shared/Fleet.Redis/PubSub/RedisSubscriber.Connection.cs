using Fleet.Redis.Connections;
using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>The subscriber's connection: routing pushed messages, and subscribing again after a reconnect.</summary>
public sealed partial class RedisSubscriber
{
    /// <summary>
    /// Takes Pub/Sub frames off the read loop: RESP3 push frames, or in RESP2 the arrays a subscribed
    /// connection receives (<c>message</c>, <c>pmessage</c>, <c>subscribe</c> …). Anything else
    /// (handshake replies) goes to the waiting command.
    /// </summary>
    private bool OnPush(ReadOnlySpan<byte> frame)
    {
        var reader = new RespReader(frame);
        var prefix = reader.Peek();
        if (prefix is not (RespPrefix.Push or RespPrefix.Array) || reader.IsNull())
        {
            return false;
        }

        var count = reader.ReadAggregateLength();
        if (count < 2 || reader.Peek() is not (RespPrefix.BulkString or RespPrefix.SimpleString))
        {
            return false;
        }

        var kind = reader.ReadBlob(out _);
        if (kind.SequenceEqual("message"u8) && count == 3)
        {
            var channel = reader.ReadString()!;
            var payload = RedisValue.CopyOf(reader.ReadBlob(out _));
            Route(_channels, channel, new RedisChannelMessage(channel, payload, Pattern: null));
        }
        else if (kind.SequenceEqual("pmessage"u8) && count == 4)
        {
            var pattern = reader.ReadString()!;
            var channel = reader.ReadString()!;
            var payload = RedisValue.CopyOf(reader.ReadBlob(out _));
            Route(_patterns, pattern, new RedisChannelMessage(channel, payload, pattern));
        }
        else if (kind.SequenceEqual("subscribe"u8) || kind.SequenceEqual("psubscribe"u8))
        {
            Confirm(ConfirmationKey(reader.ReadString()!, isPattern: kind[0] == (byte)'p'));
        }
        else if (!(kind.SequenceEqual("unsubscribe"u8) || kind.SequenceEqual("punsubscribe"u8) || kind.SequenceEqual("pong"u8)))
        {
            return false;
        }

        return true;
    }

    private void Route(Dictionary<string, List<RedisSubscription>> map, string name, RedisChannelMessage message)
    {
        lock (_lock)
        {
            if (map.TryGetValue(name, out var subscriptions))
            {
                foreach (var subscription in subscriptions)
                {
                    subscription.Deliver(message);
                }
            }
        }
    }

    private void Confirm(string key)
    {
        TaskCompletionSource? confirmation;
        lock (_lock)
        {
            if (_confirmations.Remove(key, out confirmation) is false)
            {
                return;
            }
        }

        confirmation.TrySetResult();
    }

    /// <summary>After a reconnect the server knows none of this subscriber's names: send them all again.</summary>
    private void Resubscribe(RedisConnection connection)
    {
        string[] channels;
        string[] patterns;
        lock (_lock)
        {
            channels = [.. _channels.Keys];
            patterns = [.. _patterns.Keys];
        }

        SendSubscribe(connection, isPattern: false, channels);
        SendSubscribe(connection, isPattern: true, patterns);
        EventHandlers.Raise(Resubscribed, this, new RedisConnectionEventArgs(_options.ToString(), error: null), nameof(Resubscribed), OnEventHandlerFailed);
    }
}
