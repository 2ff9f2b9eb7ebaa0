namespace Fleet.EventGateway.Archive;

/// <summary>The <c>kind</c> column's values of <see cref="ArchiveKind"/>.</summary>
internal static class ArchiveKinds
{
    public const string Event = "event";
    public const string DeadLetter = "dead_letter";
    public const string Parked = "parked";

    public static string ToText(ArchiveKind kind) => kind switch
    {
        ArchiveKind.Event => Event,
        ArchiveKind.DeadLetter => DeadLetter,
        ArchiveKind.Parked => Parked,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an archive kind."),
    };

    public static ArchiveKind Parse(string text) => text switch
    {
        Event => ArchiveKind.Event,
        DeadLetter => ArchiveKind.DeadLetter,
        Parked => ArchiveKind.Parked,
        _ => throw new FormatException($"'{text}' is not an archive kind."),
    };
}
