namespace Fleet.Contracts;

/// <summary>The six domain streams of DESIGN.md section 2, and the embedding lanes of ADR 0007.</summary>
public static class FleetStreams
{
    /// <summary>User accounts and preferences.</summary>
    public const string User = "user.events";

    /// <summary>Files and what became of them.</summary>
    public const string Contextual = "contextual.events";

    /// <summary>Embedding requests (normal lane) and every embedding response.</summary>
    public const string Ai = "ai.events";

    /// <summary>Market data and trends.</summary>
    public const string Market = "market.events";

    /// <summary>Notifications to users and their outcome.</summary>
    public const string Notification = "notification.events";

    /// <summary>The fleet's own events (dead letters, consumers removed).</summary>
    public const string System = "system.events";

    /// <summary>The high-priority embedding lane (ADR 0007).</summary>
    public const string AiHigh = "ai.high.events";

    /// <summary>The low-priority embedding lane (ADR 0007).</summary>
    public const string AiLow = "ai.low.events";

    /// <summary>The six domain streams.</summary>
    public static IReadOnlyList<string> Domain { get; } = [User, Contextual, Ai, Market, Notification, System];

    /// <summary>Every stream the fleet uses: the six domain streams and the two extra embedding lanes.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Domain, AiHigh, AiLow];

    /// <summary>The stream an embedding request of <paramref name="priority"/> is published to.</summary>
    public static string AiLane(Priority priority) => priority switch
    {
        Priority.High => AiHigh,
        Priority.Normal => Ai,
        Priority.Low => AiLow,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Priority is high, normal or low."),
    };
}
