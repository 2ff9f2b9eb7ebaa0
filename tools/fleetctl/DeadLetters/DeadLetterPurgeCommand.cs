using Fleet.Contracts;

namespace Fleet.Ctl.DeadLetters;

/// <summary>fleetctl dlq purge: publishes <c>system.dead_letter.purge.requested</c>.</summary>
internal sealed class DeadLetterPurgeCommand : DeadLetterRequestCommand
{
    protected override string Verb => "purge";

    protected override string AnswerType => "system.dead_letter.purged";

    protected override object Request(ParkedEntrySelection selection, string requestedBy) => new DeadLetterPurgeRequested(selection, requestedBy);
}
