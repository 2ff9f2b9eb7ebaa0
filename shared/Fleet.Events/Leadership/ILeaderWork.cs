namespace Fleet.Events;

/// <summary>
/// Work that must run in one process of a fleet at a time (a feed collector, an alert evaluator), registered with
/// <see cref="FleetEventsBuilder.AddLeaderWork{TWork}"/>. Every replica campaigns for the lease; the one that holds it runs
/// the work, the others wait and take over when it stops renewing (docs/leadership.md).
/// </summary>
public interface ILeaderWork
{
    /// <summary>
    /// Called each time this process becomes leader, with a new <paramref name="leadership"/> (a new fencing token).
    /// <paramref name="cancellationToken"/> is cancelled when leadership is lost (a renewal was refused, or the local
    /// deadline passed without a successful renewal) or the host stops; the work must then return promptly. Returning
    /// early gives the lease up (it is campaigned for again); throwing is logged, gives the lease up and is retried after
    /// a delay. Writes that must not come from a deposed leader carry <see cref="Leadership.Fence"/>
    /// (<see cref="PublishOptions.Fence"/>).
    /// </summary>
    Task RunAsync(Leadership leadership, CancellationToken cancellationToken);
}
