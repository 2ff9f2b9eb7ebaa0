using System.Text.Json;
using Fleet.Events.Transport;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Notifications;

/// <summary>
/// Pub/Sub notifications (PUBLISH / PSUBSCRIBE), best effort: a notification reaches only the subscribers connected at
/// that moment, and nothing is stored, retried or acknowledged; a subscriber that was disconnected misses what was
/// sent meanwhile. Payloads are the event's JSON from its registered contract, validated on both sides. A message
/// that does not fit the contract is logged and skipped, and a handler's error is logged; neither ends the
/// subscription.
/// </summary>
internal sealed class EventNotifications(IEventTransport transport, EventTypeRegistry registry, ILogger<EventNotifications> logger) : IEventNotifications
{
    /// <inheritdoc/>
    /// <remarks>Validates <paramref name="data"/> (<see cref="EventValidationException"/>) before anything is sent.</remarks>
    public ValueTask<long> NotifyAsync<T>(string channel, T data, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var payload = registry.Serialize(data, out _);
        return transport.NotifyAsync(channel, payload, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Throws <see cref="InvalidOperationException"/> when <typeparamref name="T"/> is not a registered event type.
    /// Each message is read with <typeparamref name="T"/>'s registered contract and validated; one that fails is
    /// logged at Warning and skipped.
    /// </remarks>
    public ValueTask<IAsyncDisposable> SubscribeAsync<T>(string pattern, Func<string, T, ValueTask> handler, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        var descriptor = registry.Get<T>();
        return transport.SubscribeAsync(pattern, (channel, payload) => DeliverAsync(descriptor, handler, channel, payload), cancellationToken);
    }

    private async ValueTask DeliverAsync<T>(EventTypeDescriptor descriptor, Func<string, T, ValueTask> handler, string channel, ReadOnlyMemory<byte> payload)
        where T : class
    {
        T data;
        try
        {
            if (JsonSerializer.Deserialize(payload.Span, descriptor.TypeInfo) is not T value)
            {
                Log.NotificationMalformed(logger, channel, descriptor.Name, "the payload is JSON null");
                return;
            }

            EventValidator.Validate(descriptor.Name, value);
            data = value;
        }
        catch (Exception e) when (e is JsonException or EventValidationException)
        {
            // Someone else's PUBLISH on a matching channel, or an older contract: skip it, keep the subscription.
            Log.NotificationMalformed(logger, channel, descriptor.Name, e.Message);
            return;
        }

        try
        {
            await handler(channel, data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.NotificationHandlerFailed(logger, channel, descriptor.Name, e);
        }
    }
}
