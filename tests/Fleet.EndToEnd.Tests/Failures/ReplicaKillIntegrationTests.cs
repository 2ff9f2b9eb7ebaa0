using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Testing;

namespace Fleet.EndToEnd.Tests.Failures;

/// <summary>A file-processor replica crashes (SIGKILL) in the middle of a batch; the orchestrator starts it again under its name.</summary>
[Collection(SharedFleet.Name)]
public sealed class ReplicaKillIntegrationTests(FleetFixture fleet)
{
    private const int Files = 50;
    private static readonly string[] FileProcessors = [FleetFixture.FileProcessor1, FleetFixture.FileProcessor2];

    [Fact]
    public async Task Uploads_ReplicaKilledMidway_AllProcessedAndEachNotifiedExactlyOnce()
    {
        var user = FleetFixture.NewUser("kill");
        await fleet.SetPreferencesAsync(user, NotificationChannel.Webhook);
        var uploads = await fleet.UploadSamplesAsync(user, Files);

        // Midway: some files are done, and a replica holds entries it has not acknowledged (XPENDING names it).
        var (victim, doneAtKill) = await Eventually.UntilAsync(
            async () =>
            {
                var done = await fleet.ProcessedCountAsync(uploads);
                foreach (var replica in FileProcessors)
                {
                    if (done > 0 && await fleet.State.PendingOfAsync(FleetStreams.Contextual, "file-processor", replica) > 0)
                    {
                        return (replica, done);
                    }
                }

                return ((string?)null, done);
            },
            found => found.Item1 is not null,
            "a file is processed and a file-processor replica holds unacknowledged uploads",
            FleetFixture.WorkLimit);

        await fleet[victim!].KillAsync();
        var orphaned = await fleet.State.PendingOfAsync(FleetStreams.Contextual, "file-processor", victim!);
        Assert.True(doneAtKill < Files, $"All {Files} files were processed before {victim} was killed: nothing was in flight.");
        Assert.True(orphaned > 0, $"{victim} held nothing when it was killed.");

        var restarted = await fleet.StartAsync(victim!);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{victim} SIGKILLed with {orphaned} uploads pending, {doneAtKill}/{Files} files processed; restarted under its name, ready in {restarted.Ready?.TotalSeconds:0.0} s");

        await fleet.ProcessedAsync(uploads);
        await fleet.QuietAsync();
        await fleet.AssertEachNotifiedOnceByWebhookAsync(uploads);
    }
}
