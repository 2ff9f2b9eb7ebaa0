namespace Fleet.Chaos.Tests;

/// <summary>
/// Issue 7 section 8: the chaos suite in `make test` (short form) and `make chaos` (CHAOS_FORM=long, figures written
/// to CHAOS_FIGURES). Real processes, SIGKILL of consumers, redis-server SIGKILLed and restarted from its AOF while
/// publishing, hostile raw XADDs; every claim of the run is checked, all failures reported together.
/// </summary>
public sealed class ChaosIntegrationTests
{
    [Fact]
    public async Task Fleet_KilledAndRestartedUnderLoad_LosesNothingLeavesNothingPendingAndDoublesNoStagedEffect()
    {
        var settings = ChaosSettings.FromEnvironment();
        var log = new List<string>();
        void Log(string line)
        {
            lock (log)
            {
                log.Add(line);
            }

            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        ChaosVerdict? verdict = null;
        try
        {
            await using var run = await ChaosRun.StartAsync(settings, Log, TestContext.Current.CancellationToken);
            await run.RunAsync();
            verdict = await ChaosVerifier.VerifyAsync(run);
            TestContext.Current.TestOutputHelper?.WriteLine(verdict.ToString());
        }
        finally
        {
            // `make chaos` prints this file: the progress lines, then the figures, or where the run stopped.
            if (Environment.GetEnvironmentVariable("CHAOS_FIGURES") is { Length: > 0 } path)
            {
                await File.WriteAllTextAsync(path, string.Join('\n', log) + "\n" + (verdict?.ToString() ?? "chaos: the run stopped before its checks") + "\n", CancellationToken.None);
            }
        }

        Assert.NotNull(verdict);
        Assert.True(verdict.Failures.Count == 0, verdict.ToString());
    }
}
