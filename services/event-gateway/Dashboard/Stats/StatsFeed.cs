using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Fleet.EventGateway.Api;
using Fleet.EventGateway.Api.Stats;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Dashboard.Stats;

/// <summary>
/// The figures behind <c>/dashboard/sse/stats</c>: one sampler for every open page, not one per page, reading what
/// <c>GET /events/stats</c> answers every <see cref="DashboardOptions.StatsInterval"/> while at least one page listens
/// (it sleeps otherwise), adding each stream's rate and keeping the lag history. A failed read (Redis down) is sent as an
/// <c>unavailable</c> event and the next tick tries again; the sampler never stops the host.
/// </summary>
internal sealed class StatsFeed(
    StreamStatisticsReader reader,
    IServiceProvider services,
    IOptions<DashboardOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<StatsFeed> logger) : BackgroundService
{
    /// <summary>The SSE event type of the first message: the kept lag history (<see cref="LagHistory.ToJson"/>).</summary>
    public const string HistoryEvent = "history";

    /// <summary>The SSE event type of a sample: the stats JSON with <c>sampledAt</c> and each stream's <c>rate</c>.</summary>
    public const string StatsEvent = "stats";

    /// <summary>The SSE event type of a failed sample (data: the error's message).</summary>
    public const string UnavailableEvent = "unavailable";

    // A page that stops reading (a background tab) loses old samples, never holds up the others.
    private static readonly BoundedChannelOptions SubscriberChannel = new(4) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true };

    private readonly ConcurrentDictionary<Channel<SseItem<string>>, byte> _subscribers = new();
    private readonly SemaphoreSlim _listening = new(0);
    private readonly LagHistory _history = new(options.Value.LagHistory);
    private readonly StreamRates _rates = new();

    /// <summary>The events of one page: the history, then each sample, until the page goes or the host stops.</summary>
    public async IAsyncEnumerable<SseItem<string>> ReadAsync([EnumeratorCancellation] CancellationToken requestAborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var channel = Channel.CreateBounded<SseItem<string>>(SubscriberChannel);
        _subscribers[channel] = 0;
        _listening.Release();
        try
        {
            yield return new SseItem<string>(_history.ToJson(), HistoryEvent);
            while (await WaitToReadAsync(channel, stop.Token).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatsInterval, timeProvider);
        var failures = 0;
        try
        {
            do
            {
                while (_subscribers.IsEmpty)
                {
                    await _listening.WaitAsync(stoppingToken).ConfigureAwait(false);
                }

                failures = await SampleAsync(failures, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stops.
        }
    }

    public override void Dispose()
    {
        _listening.Dispose();
        base.Dispose();
    }

    /// <summary>Waits for the next sample; false once the page went or the host stops.</summary>
    private static async Task<bool> WaitToReadAsync(Channel<SseItem<string>> channel, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Reads, sends and remembers one sample; returns the count of failed samples in a row.</summary>
    private async Task<int> SampleAsync(int failures, CancellationToken cancellationToken)
    {
        StatsResponse stats;
        try
        {
            stats = await StatsEndpoints.ReadStatsAsync(services, reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Redis down or restarting: the pages say so and the next tick tries again.
            Log.StatsReadFailed(logger, e, ++failures);
            Broadcast(new SseItem<string>(JsonSerializer.Serialize(e.Message, DashboardJsonContext.Default.String), UnavailableEvent));
            return failures;
        }

        var now = timeProvider.GetUtcNow();
        var timestamp = timeProvider.GetTimestamp();
        var message = JsonSerializer.SerializeToNode(stats, GatewayApiJsonContext.Default.StatsResponse)!.AsObject();
        message["sampledAt"] = now;
        var lags = new JsonObject();
        var streams = message["streams"]!.AsArray();
        for (var i = 0; i < stats.Streams.Count; i++)
        {
            var stream = stats.Streams[i];
            streams[i]!["rate"] = _rates.Update(stream.Stream, stream.EntriesAdded, stream.Length, timestamp, timeProvider);
            foreach (var group in stream.Groups)
            {
                lags[$"{stream.Stream}/{group.Group}"] = group.Lag;
            }
        }

        _history.Add(now, lags);
        Broadcast(new SseItem<string>(message.ToJsonString(), StatsEvent));
        return 0;
    }

    private void Broadcast(SseItem<string> item)
    {
        foreach (var channel in _subscribers.Keys)
        {
            channel.Writer.TryWrite(item);
        }
    }
}
