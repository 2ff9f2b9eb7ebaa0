namespace Fleet.Events;

/// <summary>
/// Request/response over streams (DESIGN.md section 5): publish a request with a fresh correlation id and
/// wait for the event of a named type carrying it. One reader per stream per process serves every wait, and
/// a response that arrived shortly before its wait began is still found.
/// </summary>
public interface IEventRequester
{
    /// <summary>
    /// Waits for an event of <paramref name="eventType"/> with <paramref name="correlationId"/> on
    /// <paramref name="stream"/>. Throws <see cref="EventWaitTimeoutException"/> naming both after <paramref name="timeout"/>.
    /// </summary>
    Task<EventEnvelope> WaitForEventAsync(string stream, string eventType, Ulid correlationId, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes <paramref name="request"/> to <paramref name="requestStream"/> with a new correlation id and returns
    /// the data of the <typeparamref name="TResponse"/> event with that id on <paramref name="responseStream"/>.
    /// The wait is registered before the request is sent.
    /// </summary>
    Task<TResponse> RequestAsync<TRequest, TResponse>(string requestStream, TRequest request, string responseStream, TimeSpan? timeout = null, PublishOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : class;
}
