using System.Diagnostics;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Ci;

/// <summary>
/// <c>make test</c> ends with tests/summarize.sh: one line over every project's TRX file, with each failed test named above
/// it, since a CI log is often read from its end only.
/// </summary>
public sealed class TestSummaryTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("fleet-summary-").FullName;

    [Fact]
    public async Task AllPassed_OneLine_ExitsZero()
    {
        WriteTrx("a.trx", ("A.Passes", "Passed"), ("A.AlsoPasses", "Passed"));
        WriteTrx("b.trx", ("B.Passes", "Passed"));

        var (exitCode, output) = await SummarizeAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal(["3 passed, 0 failed, 0 skipped"], output);
    }

    [Fact]
    public async Task SomeFailed_NamesEachAboveTheSummary_ExitsNonZero()
    {
        WriteTrx("a.trx", ("A.Passes", "Passed"), ("A.Breaks(value: \"x\")", "Failed"));
        WriteTrx("b.trx", ("B.TimesOut", "Timeout"), ("B.Passes", "Passed"));

        var (exitCode, output) = await SummarizeAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Equal(
            ["failed: A.Breaks(value: \"x\")", "failed: B.TimesOut", "2 passed, 2 failed, 0 skipped"],
            output);
    }

    [Fact]
    public async Task NoTestRan_ExitsNonZero()
    {
        var (exitCode, output) = await SummarizeAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Equal(["0 passed, 0 failed, 0 skipped"], output);
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private void WriteTrx(string name, params (string Test, string Outcome)[] results)
    {
        int Count(params string[] outcomes) => results.Count(result => outcomes.Contains(result.Outcome));
        var lines = results.Select(result =>
            $"    <UnitTestResult executionId=\"{Guid.NewGuid()}\" testName=\"{System.Security.SecurityElement.Escape(result.Test)}\" outcome=\"{result.Outcome}\" />");
        File.WriteAllText(Path.Combine(_results, name), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun>
              <Results>
            {string.Join('\n', lines)}
              </Results>
              <ResultSummary outcome="Completed">
                <Counters total="{results.Length}" executed="{results.Length}" passed="{Count("Passed")}" failed="{Count("Failed")}" error="0" timeout="{Count("Timeout")}" aborted="0" />
              </ResultSummary>
            </TestRun>
            """);
    }

    private async Task<(int ExitCode, string[] Output)> SummarizeAsync()
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(ServiceBinaries.RepositoryRoot, "tests", "summarize.sh"), _results])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
