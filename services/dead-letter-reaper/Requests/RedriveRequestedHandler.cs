using Fleet.Contracts;
using Fleet.DeadLetterReaper.DeadLetters;
using Fleet.Events;

namespace Fleet.DeadLetterReaper.Requests;

/// <summary>
/// <c>system.dead_letter.redrive.requested</c> (group <c>dead-letter-reaper</c> on system.events): puts the selected
/// parked entries back on their source stream, each by the move script (so an entry is re-driven once even when the
/// request is delivered twice) and each announced by a <c>system.dead_letter.redriven</c> with From = parked and the
/// request's id.
/// </summary>
internal sealed class RedriveRequestedHandler(ParkedEntries parked, DeadLetterMover mover, DecisionLog decisions, ILogger<RedriveRequestedHandler> logger)
    : IEventHandler<DeadLetterRedriveRequested>
{
    public async ValueTask HandleAsync(EventContext<DeadLetterRedriveRequested> context, CancellationToken cancellationToken)
    {
        var request = context.Data;
        var requestId = context.Envelope.Id.ToString();
        var selected = await parked.SelectAsync(request.Selection, cancellationToken);
        var redriven = 0;
        foreach (var letter in selected)
        {
            if (await mover.RedriveAsync(letter, fromParked: true, requestId, cancellationToken) is { } decision)
            {
                ReaperMetrics.Decided(decision);
                await decisions.PublishAsync(decision, cancellationToken);
                redriven++;
            }
        }

        Log.RedriveRequestHandled(logger, requestId, request.Selection.Stream, request.RequestedBy ?? string.Empty, selected.Count, redriven);
    }
}
