using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Testing;

namespace Fleet.EndToEnd.Tests.Failures;

/// <summary>Every process of the fleet gets SIGTERM (a rolling deploy, a node drained) while uploads are in flight.</summary>
[Collection(SharedFleet.Name)]
public sealed class ShutdownIntegrationTests(FleetFixture fleet)
{
    private const int Files = 20;
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Uploads_EveryProcessTerminatedMidway_ExitZeroAndAllProcessedAfterRestart()
    {
        var user = FleetFixture.NewUser("sigterm");
        await fleet.SetPreferencesAsync(user, NotificationChannel.Webhook);
        var uploads = await fleet.UploadSamplesAsync(user, Files);

        var ids = uploads.Select(u => u.FileId).ToHashSet(StringComparer.Ordinal);
        await Eventually.TrueAsync(
            async () => (await fleet.State.EventsAsync<FileProcessingStarted>(FleetStreams.Contextual)).Any(e => ids.Contains(e.Data.FileId)),
            "file-processor started on one of the uploads",
            FleetFixture.WorkLimit);

        var exitCodes = await Task.WhenAll(FleetFixture.Replicas.Select(async r => (r.Name, Code: await fleet[r.Name].TerminateAsync(StopLimit))));
        var doneAtStop = await fleet.ProcessedCountAsync(uploads);
        Assert.All(exitCodes, exit => Assert.True(exit.Code == 0, $"{exit.Name} exited with {exit.Code} after SIGTERM:\n{fleet[exit.Name].Tail}"));
        Assert.True(doneAtStop < Files, $"All {Files} files were processed before the fleet stopped: nothing was in flight.");

        await fleet.StartAllAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"SIGTERM with {doneAtStop}/{Files} files processed: exit codes {string.Join(", ", exitCodes.Select(e => $"{e.Name} {e.Code}"))}; "
            + $"ready again in {string.Join(", ", FleetFixture.Replicas.Select(r => $"{r.Name} {fleet[r.Name].Ready?.TotalSeconds:0.0} s"))}");

        await fleet.ProcessedAsync(uploads);
        await fleet.QuietAsync();
        await fleet.AssertEachNotifiedOnceByWebhookAsync(uploads);
    }
}
