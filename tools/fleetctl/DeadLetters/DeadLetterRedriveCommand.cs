using Fleet.Contracts;

namespace Fleet.Ctl.DeadLetters;

/// <summary>fleetctl dlq redrive: publishes <c>system.dead_letter.redrive.requested</c>.</summary>
internal sealed class DeadLetterRedriveCommand : DeadLetterRequestCommand
{
    protected override string Verb => "redrive";

    protected override string AnswerType => "system.dead_letter.redriven";

    protected override object Request(ParkedEntrySelection selection, string requestedBy) => new DeadLetterRedriveRequested(selection, requestedBy);
}
