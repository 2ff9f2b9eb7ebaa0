using Fleet.Demo.Following;
using Fleet.Demo.Scenario;
using Fleet.Demo.Search;

namespace Fleet.Demo.Reporting;

/// <summary>
/// The verdict of <c>--check</c> (make demo): every step the scenario expects, each marked ok or FAIL, so what is
/// missing is named. Dead letters other than the uploads meant to fail and the ones the demo wrote itself count as a
/// failure too. The market and operations steps (<see cref="StepChecks"/>) follow the uploads'.
/// </summary>
internal static class ScenarioCheck
{
    public static bool Write(
        Narrator narrator,
        DemoOptions options,
        bool preferencesApplied,
        Uploader uploader,
        Journeys journeys,
        SearchOutcome search,
        IReadOnlyList<DeadLetterSeen> deadLetters,
        FleetSummary summary,
        StepChecks demoSteps)
    {
        var checks = new List<(bool Ok, string Step)>
        {
            (preferencesApplied, $"notifier stored {options.UserId}'s preferences (webhook + email)"),
        };
        checks.AddRange(uploader.NotUploaded.Select(name => (false, $"{name}: uploaded (missing from {options.FilesDirectory})")));
        lock (journeys.Gate)
        {
            // A file whose steps all happened takes one line; otherwise each of its steps is listed.
            foreach (var journey in journeys.All)
            {
                var steps = journey.Steps().ToList();
                checks.AddRange(steps.TrueForAll(step => step.Done)
                    ? [(true, $"{journey.Sample.Name}: {string.Join(", ", steps.Select(step => step.Step))}")]
                    : steps.Select(step => (step.Done, $"{journey.Sample.Name}: {step.Step}")));
            }
        }

        checks.AddRange(demoSteps.All);
        checks.Add((search.Problem.Length == 0, $"search answered{(search.Problem.Length == 0 ? "" : $": {search.Problem}")}"));
        checks.Add((search.TopFile == options.ExpectedTopFile, $"search top hit is {options.ExpectedTopFile} (got {search.TopFile ?? "none"})"));
        checks.Add((summary.Pending.Count == 0, $"pending = 0 in every group{Detail(summary.Pending)}"));
        checks.Add((summary.MissingVectors.Count == 0, $"every vector of every processed file is in Redis{Detail(summary.MissingVectors)}"));
        var unexpected = deadLetters
            .Where(letter => !demoSteps.ExpectedDeadLetters.Contains($"{letter.Key} {letter.EntryId}"))
            .Where(letter => letter.Type != "file.uploaded" || !IsExpectedFailure(journeys, letter.File))
            .Select(letter => $"{letter.Type} on {letter.Key} ({letter.ErrorType})")
            .ToList();
        checks.Add((unexpected.Count == 0, $"no dead letters besides the failing uploads and the demo's own{Detail(unexpected)}"));
        var unready = summary.Unready.Except(demoSteps.KilledInstances, StringComparer.Ordinal).ToList();
        var killed = demoSteps.KilledInstances.Count == 0 ? string.Empty : $" (but {string.Join(", ", demoSteps.KilledInstances)}, killed by the failover step)";
        checks.Add((unready.Count == 0, $"every service still ready at the end{killed}{Detail(unready)}"));

        var failed = checks.Count(check => !check.Ok);
        narrator.Heading(failed == 0 ? "Scenario check: every step happened" : $"Scenario check: {failed} step(s) missing");
        foreach (var (ok, step) in checks)
        {
            narrator.Verdict(ok, step);
        }

        var unmatched = journeys.Unmatched;
        if (unmatched > 0)
        {
            narrator.Line($"  note: {unmatched} webhook/e-mail deliveries could not be matched to an upload");
        }

        return failed == 0;
    }

    private static bool IsExpectedFailure(Journeys journeys, string? file)
    {
        lock (journeys.Gate)
        {
            return journeys.All.Any(journey => journey.Sample.Name == file && !journey.Sample.MustSucceed);
        }
    }

    private static string Detail(List<string> items) => items.Count == 0 ? string.Empty : $": {string.Join("; ", items)}";
}
