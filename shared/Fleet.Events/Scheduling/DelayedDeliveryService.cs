using Fleet.Events.Consumers;
using Fleet.Events.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Scheduling;

/// <summary>
/// Moves due delayed events onto their streams: every <see cref="FleetEventsOptions.SchedulerInterval"/>, for each
/// stream this process consumes (its consumer groups) or scheduled to, the transport's atomic release (a script of
/// ZRANGE BYSCORE, XADD with the stream's retention and ZREM on the <c>…:scheduled</c> sorted set) runs until
/// fewer than a batch moved. Because every consumer of a stream does this, a due event reaches the stream even when
/// the process that scheduled it is gone; the release is atomic, so several processes never move one event twice.
/// Errors are logged and retried at the next tick; the loop never stops before the host does.
/// </summary>
internal sealed class DelayedDeliveryService : BackgroundService
{
    private const int BatchSize = 100;

    private readonly IEventTransport _transport;
    private readonly StreamKeys _keys;
    private readonly FleetEventsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DelayedDeliveryService> _logger;
    private readonly string[] _consumedStreams;
    private readonly ScheduledStreams _scheduled;
    private readonly HashSet<string> _streams = new(StringComparer.Ordinal);

    public DelayedDeliveryService(
        IEventTransport transport,
        StreamKeys keys,
        IOptions<FleetEventsOptions> options,
        TimeProvider time,
        IEnumerable<ConsumerGroupDefinition> groups,
        ScheduledStreams scheduled,
        ILogger<DelayedDeliveryService> logger)
    {
        _transport = transport;
        _keys = keys;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _consumedStreams = [.. groups.Select(g => g.Stream).Distinct(StringComparer.Ordinal)];

        _scheduled = scheduled;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SchedulerInterval, _time);
        try
        {
            // The first pass runs at start, so events that fell due while no consumer ran go out at once.
            do
            {
                await ReleaseDueAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; due events wait in Redis for the next consumer of their stream.
        }
    }

    private async Task ReleaseDueAsync(CancellationToken cancellationToken)
    {
        _streams.Clear();
        _streams.UnionWith(_consumedStreams);
        _streams.UnionWith(_scheduled.Names);

        foreach (var stream in _streams)
        {
            try
            {
                var now = _time.GetUtcNow();
                var trim = _options.RetentionFor(stream).ToTrim(now);
                int moved;
                var total = 0;
                do
                {
                    moved = await _transport.ReleaseDueAsync(_keys.Scheduled(stream), _keys.Stream(stream), _keys.DeadLetters(stream), now, BatchSize, trim, cancellationToken);
                    total += moved;
                }
                while (moved == BatchSize);

                if (total > 0)
                {
                    Log.DelayedDelivered(_logger, stream, total);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Log.DelayedDeliveryFailed(_logger, stream, e);
            }
        }
    }
}
