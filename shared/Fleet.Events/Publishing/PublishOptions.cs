namespace Fleet.Events;

/// <summary>Optional envelope fields of a publish.</summary>
public sealed record PublishOptions
{
    /// <summary>The conversation the event belongs to (request/response), or null.</summary>
    public Ulid? CorrelationId { get; init; }

    /// <summary>The event that caused this one, or null.</summary>
    public Ulid? CausationId { get; init; }

    /// <summary>The user context, a reference such as a user id; never personal data.</summary>
    public string? UserId { get; init; }

    /// <summary>Free-form string metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
