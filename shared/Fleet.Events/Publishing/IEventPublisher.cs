namespace Fleet.Events;

/// <summary>
/// Publishes events onto streams. Each event is validated and size-checked against its registered type,
/// wrapped in the envelope (DESIGN.md section 3) with a new ULID and the current trace context, and appended
/// with the stream's retention. When Redis is unreachable the configured <see cref="PublishFailureMode"/> applies.
/// </summary>
public interface IEventPublisher
{
    /// <summary>Publishes one event to <paramref name="stream"/> (a name such as <c>contextual.events</c>).</summary>
    ValueTask<PublishResult> PublishAsync<T>(string stream, T data, PublishOptions? options = null, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>
    /// Publishes several events to <paramref name="stream"/> in order, pipelined. Every event is validated before
    /// any is sent, so an invalid one fails the batch with nothing published.
    /// </summary>
    ValueTask<IReadOnlyList<PublishResult>> PublishBatchAsync<T>(string stream, IReadOnlyList<T> events, PublishOptions? options = null, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>
    /// Publishes <paramref name="data"/> to <paramref name="stream"/> at <paramref name="dueAt"/> (delayed delivery).
    /// The event is stored in Redis at once, so it is delivered even when this process stops before then. A due time
    /// in the past publishes at once. When Redis is unreachable it throws, whatever <see cref="PublishFailureMode"/>
    /// says: a delayed event replayed from the outbox could arrive early.
    /// </summary>
    ValueTask<Ulid> ScheduleAsync<T>(string stream, T data, DateTimeOffset dueAt, PublishOptions? options = null, CancellationToken cancellationToken = default)
        where T : class;
}
