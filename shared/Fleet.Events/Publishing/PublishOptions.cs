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

    /// <summary>
    /// Publish only while this process leads (<see cref="Leadership.Fence"/>): the entry (or the batch) is appended by one
    /// script only while the lease key still holds the fence's value, else <see cref="LeadershipLostException"/> is thrown
    /// and nothing is written. A fenced publish never spools to the outbox (it fails fast when Redis is unreachable) and
    /// adds <c>fencing_token</c> to the metadata. The lease must be on the target stream (same hash tag). Not for
    /// <see cref="IEventPublisher.ScheduleAsync"/>.
    /// </summary>
    public LeaderFence? Fence { get; init; }
}
