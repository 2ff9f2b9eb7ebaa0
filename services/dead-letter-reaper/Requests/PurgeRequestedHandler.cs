using Fleet.Contracts;
using Fleet.DeadLetterReaper.DeadLetters;
using Fleet.Events;

namespace Fleet.DeadLetterReaper.Requests;

/// <summary>
/// <c>system.dead_letter.purge.requested</c> (group <c>dead-letter-reaper</c> on system.events): deletes the selected
/// parked entries for good in one script, answered by one <c>system.dead_letter.purged</c> listing them.
/// </summary>
internal sealed class PurgeRequestedHandler(ParkedEntries parked, DeadLetterMover mover, DecisionLog decisions, ILogger<PurgeRequestedHandler> logger)
    : IEventHandler<DeadLetterPurgeRequested>
{
    public async ValueTask HandleAsync(EventContext<DeadLetterPurgeRequested> context, CancellationToken cancellationToken)
    {
        var request = context.Data;
        var requestId = context.Envelope.Id.ToString();
        var selected = await parked.SelectAsync(request.Selection, cancellationToken);
        var decision = await mover.PurgeAsync(request.Selection.Stream, [.. selected.Select(letter => letter.Id)], requestId, cancellationToken);
        ReaperMetrics.Purged.Add(decision.EntryIds.Count, new KeyValuePair<string, object?>("stream", decision.Stream));
        await decisions.PublishAsync(decision, cancellationToken);
        Log.PurgeRequestHandled(logger, requestId, request.Selection.Stream, request.RequestedBy ?? string.Empty, decision.EntryIds.Count);
    }
}
