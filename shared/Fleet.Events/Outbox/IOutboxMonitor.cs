namespace Fleet.Events.Outbox;

/// <summary>
/// What can be seen of this process's publish outbox (DESIGN.md section 6) from outside: how many events wait for
/// Redis, and a way to wait until none does, so a short-lived job lets its spooled events reach Redis before it
/// exits. Registered by <see cref="FleetEventsServiceCollectionExtensions.AddFleetEvents"/>; <see cref="OutboxHealthCheck"/>
/// reports it as health.
/// </summary>
public interface IOutboxMonitor
{
    /// <summary>
    /// Events not yet in Redis because of an outage: those in the outbox files plus those held in memory behind them
    /// while the outbox drains. 0 while publishing goes straight to Redis. The metric
    /// <c>fleet.events.outbox.depth</c> reports the same figure.
    /// </summary>
    long Depth { get; }

    /// <summary>The outbox directory (full path).</summary>
    string Directory { get; }

    /// <summary>
    /// Completes when the outbox is empty and publishing goes straight to Redis again: at once when nothing is
    /// spooled. While Redis stays down it waits, so pass a token that ends the wait (a job's shutdown deadline).
    /// </summary>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>; the events stay spooled.</param>
    Task WaitUntilEmptyAsync(CancellationToken cancellationToken = default);
}
