using Fleet.Contracts;
using Fleet.Events;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>
/// Seed 001's alert rules, run every <see cref="AlertsOptions.Interval"/> by the replica holding the
/// <see cref="LeaseName"/> lease on system.events: reads the fleet's figures (<see cref="FleetSampler"/>), compares them
/// with the thresholds, and publishes <c>system.alert.raised</c> when an alert's figure first crosses its threshold and
/// <c>system.alert.resolved</c> when it is back within it, once each, also across a failover: the raised set lives in
/// Redis (<see cref="AlertStore"/>) and every write of it and every event go through the lease's fence.
/// </summary>
internal sealed partial class AlertEvaluator(
    FleetSampler sampler,
    AlertStore store,
    AlertMetrics metrics,
    IEventPublisher publisher,
    IOptions<AlertsOptions> options,
    [FromKeyedServices(ReaperClock.Key)] TimeProvider time,
    ILogger<AlertEvaluator> logger) : ILeaderWork
{
    /// <summary>The lease's name (<c>fleet:{system.events}:leader:alert-evaluator</c>).</summary>
    public const string LeaseName = "alert-evaluator";

    private readonly AlertsOptions _options = options.Value;

    public async Task RunAsync(Leadership leadership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leadership);
        Log.EvaluatorLeading(logger, leadership.FencingToken, _options.Interval);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await EvaluateAsync(leadership.Fence, cancellationToken).ConfigureAwait(false);
                }
                // A refused fenced write (LeadershipLostException) goes out: the lease service ends the term as lost, and
                // the replica that holds the lease now carries on from the state in Redis.
                catch (Exception e) when (e is not LeadershipLostException && !cancellationToken.IsCancellationRequested)
                {
                    // Redis unreachable or a hiccup: nothing half-done is lost (AlertStore's records), so try again next time.
                    Log.EvaluationFailed(logger, e, leadership.FencingToken);
                }

                await Task.Delay(_options.Interval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership lost or the host stops.
        }
        finally
        {
            metrics.Clear();
        }
    }

    /// <summary>
    /// One evaluation under <paramref name="fence"/>: settles transitions a crash interrupted, reads the figures, stores
    /// the error-rate sample, raises and resolves. Returns the figures measured.
    /// </summary>
    internal async Task<IReadOnlyList<AlertFigure>> EvaluateAsync(LeaderFence fence, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var alerts = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        await SettleAsync(fence, alerts, cancellationToken).ConfigureAwait(false);

        var reading = await sampler.ReadAsync(FleetStreams.All, cancellationToken).ConfigureAwait(false);
        var sample = new ErrorSample { At = now.ToUnixTimeMilliseconds(), Streams = new Dictionary<string, StreamCounters>(reading.Counters, StringComparer.Ordinal) };
        var baseline = await store.AddSampleAsync(fence, sample, _options.ErrorWindow, cancellationToken).ConfigureAwait(false);
        var rates = FleetStreams.All.ToDictionary(s => s, s => ErrorRates.Rate(baseline, sample, s), StringComparer.Ordinal);
        var figures = Figures(reading, rates);

        foreach (var figure in figures)
        {
            if (figure.Exceeded && !alerts.ContainsKey(figure.Key))
            {
                alerts[figure.Key] = await RaiseAsync(fence, figure, now, cancellationToken).ConfigureAwait(false);
            }
        }

        var measured = figures.ToDictionary(f => f.Key, StringComparer.Ordinal);
        foreach (var alert in alerts.Values.ToList())
        {
            var found = measured.TryGetValue(alert.Key, out var figure);
            if (!found || !figure.Exceeded)
            {
                await ResolveAsync(fence, alert, found ? figure : null, cancellationToken).ConfigureAwait(false);
                alerts.Remove(alert.Key);
            }
        }

        metrics.Record(reading, rates, alerts.Values);
        return figures;
    }

    /// <summary>The figure of every rule and subject in <paramref name="reading"/>, with the thresholds of <see cref="AlertsOptions"/>.</summary>
    private List<AlertFigure> Figures(FleetReading reading, Dictionary<string, double> rates)
    {
        var figures = new List<AlertFigure>();
        foreach (var group in reading.Groups)
        {
            figures.Add(new AlertFigure(AlertRules.ConsumerLag, group.Subject, group.Lag, _options.ConsumerLag));
            figures.Add(new AlertFigure(AlertRules.StreamDepth, group.Subject, group.Depth, _options.StreamDepth));
        }

        foreach (var (stream, rate) in rates)
        {
            figures.Add(new AlertFigure(AlertRules.ErrorRate, stream, rate, _options.ErrorRate));
        }

        foreach (var (stream, depth) in reading.DeadLetters)
        {
            figures.Add(new AlertFigure(AlertRules.DeadLetterDepth, stream, depth, _options.DeadLetterDepth));
        }

        if (reading.Memory.Ratio is { } ratio)
        {
            figures.Add(new AlertFigure(AlertRules.Memory, AlertRules.Redis, ratio, _options.MemoryRatio));
        }
        else
        {
            Log.MemoryRuleSkipped(logger, reading.Memory.Used);
        }

        return figures;
    }
}
