namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>What the policy says about one dead letter: re-drive it at <see cref="DueAt"/>, or park it now for <see cref="Reason"/>.</summary>
internal readonly record struct PolicyVerdict(bool Redrive, DateTimeOffset DueAt, string Reason)
{
    public static PolicyVerdict Park(string reason) => new(false, DateTimeOffset.MinValue, reason);

    public static PolicyVerdict RedriveAt(DateTimeOffset dueAt) => new(true, dueAt, string.Empty);
}
