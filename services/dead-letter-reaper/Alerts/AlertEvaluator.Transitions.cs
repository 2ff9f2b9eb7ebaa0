using Fleet.Contracts;
using Fleet.Events;
using NUlid;

namespace Fleet.DeadLetterReaper.Alerts;

/// <content>
/// Raising and resolving. Publishing the event and recording it are two writes (the fenced publish is one script, the
/// record another), so each transition is recorded first as in flight (<see cref="AlertRecord.Raising"/> or
/// <see cref="AlertRecord.Resolving"/>, with a fresh transition id and the last id of system.events), then published
/// carrying that id, then recorded as done. A crash, a lost connection or a failover between the writes leaves the
/// record in flight; the next evaluation (this leader's or the next one's) looks for the event on system.events after
/// that id and publishes it only when it is missing. So each alert is raised once and resolved once.
/// </content>
internal sealed partial class AlertEvaluator
{
    private const string RaisedType = "system.alert.raised";
    private const string ResolvedType = "system.alert.resolved";

    private async Task<AlertRecord> RaiseAsync(LeaderFence fence, AlertFigure figure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = new AlertRecord
        {
            Status = AlertRecord.Raising,
            Rule = figure.Rule,
            Subject = figure.Subject,
            Value = figure.Value,
            Threshold = figure.Threshold,
            RaisedAt = now,
            Transition = Ulid.NewUlid().ToString(),
            Since = await store.LastEventIdAsync(cancellationToken).ConfigureAwait(false),
            FencingToken = fence.Token,
        };
        await store.WriteAsync(fence, record, cancellationToken).ConfigureAwait(false);
        return (await CompleteAsync(fence, record, published: false, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Resolves <paramref name="alert"/>; <paramref name="figure"/> is null when its subject is no longer measured.</summary>
    private async Task ResolveAsync(LeaderFence fence, AlertRecord alert, AlertFigure? figure, CancellationToken cancellationToken)
    {
        var record = alert with
        {
            Status = AlertRecord.Resolving,
            Value = figure?.Value ?? 0,
            Threshold = figure?.Threshold ?? alert.Threshold,
            Transition = Ulid.NewUlid().ToString(),
            Since = await store.LastEventIdAsync(cancellationToken).ConfigureAwait(false),
            FencingToken = fence.Token,
        };
        await store.WriteAsync(fence, record, cancellationToken).ConfigureAwait(false);
        await CompleteAsync(fence, record, published: false, cancellationToken, gone: figure is null).ConfigureAwait(false);
    }

    /// <summary>Finishes every transition a crash left in flight in <paramref name="alerts"/>, which it updates.</summary>
    private async Task SettleAsync(LeaderFence fence, Dictionary<string, AlertRecord> alerts, CancellationToken cancellationToken)
    {
        foreach (var record in alerts.Values.Where(r => r.Status != AlertRecord.Raised).ToList())
        {
            var type = record.Status == AlertRecord.Raising ? RaisedType : ResolvedType;
            var published = await store.ContainsEventAsync(record.Since, type, record.Transition, cancellationToken).ConfigureAwait(false);
            Log.TransitionSettled(logger, record.Key, record.Status, record.Transition, record.FencingToken, published);
            if (await CompleteAsync(fence, record, published, cancellationToken).ConfigureAwait(false) is { } raised)
            {
                alerts[record.Key] = raised;
            }
            else
            {
                alerts.Remove(record.Key);
            }
        }
    }

    /// <summary>
    /// Publishes the event of <paramref name="record"/>'s transition unless <paramref name="published"/>, then records it
    /// done: the raised record, or (resolving) none, which is returned as null.
    /// </summary>
    private async Task<AlertRecord?> CompleteAsync(LeaderFence fence, AlertRecord record, bool published, CancellationToken cancellationToken, bool gone = false)
    {
        var publish = new PublishOptions
        {
            Fence = fence,
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [AlertStore.TransitionMetadata] = record.Transition },
        };
        var figure = record.Figure;
        if (record.Status == AlertRecord.Raising)
        {
            if (!published)
            {
                var raised = new SystemAlertRaised(record.Key, record.Rule, record.Subject, record.Value, record.Threshold, figure.RaisedMessage());
                await publisher.PublishAsync(FleetStreams.System, raised, publish, cancellationToken).ConfigureAwait(false);
            }

            var done = record with { Status = AlertRecord.Raised, FencingToken = fence.Token };
            await store.WriteAsync(fence, done, cancellationToken).ConfigureAwait(false);
            Log.AlertRaised(logger, record.Key, record.Value, record.Threshold, fence.Token);
            return done;
        }

        if (!published)
        {
            var message = gone ? figure.GoneMessage() : figure.ResolvedMessage();
            var resolved = new SystemAlertResolved(record.Key, record.Rule, record.Subject, record.Value, record.Threshold, record.RaisedAt, message);
            await publisher.PublishAsync(FleetStreams.System, resolved, publish, cancellationToken).ConfigureAwait(false);
        }

        await store.DeleteAsync(fence, record.Key, cancellationToken).ConfigureAwait(false);
        Log.AlertResolved(logger, record.Key, record.Value, record.Threshold, fence.Token);
        return null;
    }
}
