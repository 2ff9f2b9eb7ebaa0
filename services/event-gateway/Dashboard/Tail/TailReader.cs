using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Dashboard.Tail;

/// <summary>
/// Follows one stream for one page: from the stream's last entry, XREAD BLOCK after the last id seen, one server-sent
/// event per entry. Redis going away (a restart, a failover) does not end the tail: the read is tried again with the
/// runtime's backoff from the same id, and the page is told meanwhile. It ends when the page goes (the request's token) or
/// the host stops (ApplicationStopping), so a shutdown never waits on an open page.
/// </summary>
internal sealed class TailReader(
    TailConnections connections,
    StreamKeys keys,
    IOptions<DashboardOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<TailReader> logger)
{
    /// <summary>The SSE event type of the first message: the tail is reading (data: the entry id it follows from).</summary>
    public const string ReadyEvent = "ready";

    /// <summary>The SSE event type of one entry (data: a <see cref="TailEvent"/>).</summary>
    public const string EntryEvent = "entry";

    /// <summary>The SSE event type sent when a read found nothing for <see cref="DashboardOptions.TailHeartbeat"/>.</summary>
    public const string HeartbeatEvent = "heartbeat";

    /// <summary>The SSE event type sent when Redis could not be read (data: the error's message); the tail goes on.</summary>
    public const string UnavailableEvent = "unavailable";

    private const int BatchSize = 100;

    public async IAsyncEnumerable<SseItem<string>> ReadAsync(string stream, [EnumeratorCancellation] CancellationToken requestAborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;
        var key = keys.Stream(stream);
        var redis = connections.Client;
        var heartbeat = options.Value.TailHeartbeat;
        var failures = 0;

        // "$" on every read would drop what arrives between two reads, so the tail starts after the last entry there is
        // and then follows its own position; an empty or missing stream starts from 0-0, so its first entry shows.
        string? position = null;
        while (position is null && !cancellationToken.IsCancellationRequested)
        {
            Exception? error = null;
            try
            {
                var last = await redis.XRevRangeAsync(key, count: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
                position = last.Count == 0 ? "0-0" : last[0].Id.ToString();
            }
            catch (RedisException e)
            {
                error = e;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The page went or the host stops: the loop ends.
            }

            if (error is not null)
            {
                yield return Unavailable(stream, "0-0", error, ++failures);
                await PauseAsync(failures, cancellationToken).ConfigureAwait(false);
            }
        }

        if (position is null)
        {
            yield break;
        }

        Log.TailStarted(logger, stream, position);
        yield return new SseItem<string>(JsonSerializer.Serialize(position, DashboardJsonContext.Default.String), ReadyEvent);
        failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<StreamEntry> entries = [];
            Exception? error = null;
            try
            {
                entries = await redis.XReadAsync(key, position, BatchSize, heartbeat, cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (RedisException e)
            {
                error = e;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (error is not null)
            {
                yield return Unavailable(stream, position, error, ++failures);
                await PauseAsync(failures, cancellationToken).ConfigureAwait(false);
            }
            else if (entries.Count == 0)
            {
                yield return new SseItem<string>("{}", HeartbeatEvent);
            }

            foreach (var entry in entries)
            {
                position = entry.Id.ToString();
                var decoded = TailEventDecoder.Decode(stream, entry);
                yield return new SseItem<string>(JsonSerializer.Serialize(decoded, DashboardJsonContext.Default.TailEvent), EntryEvent) { EventId = position };
            }
        }

        Log.TailEnded(logger, stream, position);
    }

    private SseItem<string> Unavailable(string stream, string position, Exception error, int failures)
    {
        Log.TailReadFailed(logger, error, stream, position, failures);
        return new SseItem<string>(JsonSerializer.Serialize(error.Message, DashboardJsonContext.Default.String), UnavailableEvent);
    }

    /// <summary>The runtime's backoff before the next try; returns early, without throwing, when the tail is stopped.</summary>
    private async Task PauseAsync(int failures, CancellationToken cancellationToken) =>
        await Task.Delay(RetryBackoff.Delay(failures), timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
