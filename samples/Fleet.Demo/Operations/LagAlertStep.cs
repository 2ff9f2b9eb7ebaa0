using Fleet.Contracts;
using Fleet.Demo.Market;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;
using Fleet.Events;

namespace Fleet.Demo.Operations;

/// <summary>
/// An alert of seed 001's consumer-lag rule raised and resolved: notifier's only replica is paused (SIGSTOP), the demo
/// publishes more <c>user.preferences.updated</c> than the lag threshold (for a user of its own, cheap to handle), the
/// reaper's evaluator raises <c>system.alert.raised</c> for <c>user.events/notifier</c>; the replica is continued
/// (SIGCONT), catches up, and <c>system.alert.resolved</c> follows. Each must come exactly once.
/// </summary>
internal sealed class LagAlertStep(IEventPublisher publisher, MarketWatch watch, FleetProcesses processes, StepChecks checks, Narrator narrator, DemoOptions options)
{
    public const string LagUserId = "demo-lag";
    public const string PausedInstance = "notifier-1";
    private const string Group = "notifier";

    // Paused no longer than this: notifier's instance lease (15 s) must not lapse while it is stopped.
    private static readonly TimeSpan PauseLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ResolveWait = TimeSpan.FromSeconds(60);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var subject = $"{FleetStreams.User}/{Group}";
        narrator.Heading($"Operations: consumer lag of {subject} above {options.LagThreshold} raises an alert; resolved when it catches up");
        var pid = processes.PidOf(PausedInstance);
        if (pid is null)
        {
            checks.Add(narrator, false, $"{PausedInstance}'s pid (run the demo through deploy/local/run.sh, which passes --pid-dir)");
            return;
        }

        var raisedBefore = watch.Raised.Count;
        var resolvedBefore = watch.Resolved.Count;
        FleetProcesses.Pause(pid.Value);
        var started = narrator.Time.GetTimestamp();
        SeenEvent<SystemAlertRaised>? raised = null;
        try
        {
            narrator.Step(PausedInstance, "SIGSTOP", TimeSpan.Zero, $"kill -STOP {pid}: group {Group} on {FleetStreams.User} stops reading");

            // A read the paused process had blocked in is still served by Redis: the first entry may go to it, not to the lag.
            var events = (options.LagThreshold * 2) + 5;
            var channels = new[] { NotificationChannel.Email };
            for (var i = 0; i < events; i++)
            {
                await publisher.PublishAsync(FleetStreams.User, new UserPreferencesUpdated(LagUserId, channels, null, $"lag-{i}@fleet.test"), new PublishOptions { UserId = LagUserId }, cancellationToken);
            }

            narrator.Step(PausedInstance, "lag", narrator.Time.GetElapsedTime(started), $"published {events} user.preferences.updated for {LagUserId}");
            await Waiting.UntilAsync(() => (raised = Raised(subject, raisedBefore).FirstOrDefault()) is not null, PauseLimit, narrator.Time, cancellationToken);
        }
        finally
        {
            // Whatever happened, notifier runs again.
            FleetProcesses.Resume(pid.Value);
        }

        narrator.Step(PausedInstance, "SIGCONT", narrator.Time.GetElapsedTime(started), $"kill -CONT {pid}: it catches up");
        if (raised is not null)
        {
            narrator.Step("alert", "raised", narrator.Time.GetElapsedTime(started), $"system.alert.raised {raised.Data.AlertKey}: {raised.Data.Message}");
        }

        // The evaluator may raise it just after the pause: wait on for both.
        var both = await Waiting.UntilAsync(
            () => Raised(subject, raisedBefore).Count > 0 && Resolved(subject, resolvedBefore).Count > 0,
            ResolveWait,
            narrator.Time,
            cancellationToken);
        raised ??= Raised(subject, raisedBefore).FirstOrDefault();
        var resolved = Resolved(subject, resolvedBefore).FirstOrDefault();
        if (resolved is not null)
        {
            narrator.Step("alert", "resolved", narrator.Time.GetElapsedTime(started), $"system.alert.resolved {resolved.Data.AlertKey}: {resolved.Data.Message}");
        }

        checks.Add(narrator, raised is not null, raised is not null
            ? $"system.alert.raised for consumer lag of {subject} ({raised.Data.Value:0} > {raised.Data.Threshold:0})"
            : $"system.alert.raised for consumer lag of {subject}");
        checks.Add(narrator, both, both
            ? $"system.alert.resolved for {subject} once it caught up"
            : $"system.alert.resolved for {subject} within {ResolveWait.TotalSeconds:0} s of SIGCONT");
        checks.AddLate(() =>
        {
            var raisedCount = Raised(subject, raisedBefore).Count;
            var resolvedCount = Resolved(subject, resolvedBefore).Count;
            return (raisedCount == 1 && resolvedCount == 1, $"the lag alert of {subject} raised once and resolved once (raised {raisedCount}, resolved {resolvedCount})");
        });
    }

    private List<SeenEvent<SystemAlertRaised>> Raised(string subject, int skip) =>
        [.. watch.Raised.Skip(skip).Where(a => a.Data.Rule == "consumer_lag" && a.Data.Subject == subject)];

    private List<SeenEvent<SystemAlertResolved>> Resolved(string subject, int skip) =>
        [.. watch.Resolved.Skip(skip).Where(a => a.Data.Rule == "consumer_lag" && a.Data.Subject == subject)];
}
