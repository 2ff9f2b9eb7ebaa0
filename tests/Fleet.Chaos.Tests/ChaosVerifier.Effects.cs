using System.Globalization;

namespace Fleet.Chaos.Tests;

/// <content>Plain and staged effects: nothing lost, no unexplained double, staged exactly once.</content>
internal static partial class ChaosVerifier
{
    /// <summary>Epochs probed beyond the last one a run reported: a run killed right after a connection loss may not have said so.</summary>
    private const int UnreportedEpochs = 2;

    /// <returns>Every plain effect: field to the runs and epochs that executed it.</returns>
    private static async Task<Dictionary<string, List<(ConsumerRun Run, int Epoch, long Count)>>> CheckEffectsAsync(ChaosRun run, IReadOnlyList<string> expected, ChaosVerdict verdict)
    {
        var plain = new Dictionary<string, List<(ConsumerRun Run, int Epoch, long Count)>>(StringComparer.Ordinal);
        foreach (var consumer in run.Runs)
        {
            for (var epoch = 0; epoch <= consumer.FinalEpoch + UnreportedEpochs; epoch++)
            {
                foreach (var (field, count) in await run.Redis.HashGetAllAsync(ChaosKeys.Plain(consumer.Run, epoch)))
                {
                    if (!plain.TryGetValue(field, out var executions))
                    {
                        plain[field] = executions = [];
                    }

                    executions.Add((consumer, epoch, count.ToInt64()));
                }
            }
        }

        var lost = expected.Where(f => !plain.ContainsKey(f)).ToList();
        var doubles = expected.Where(f => plain.TryGetValue(f, out var e) && e.Sum(x => x.Count) > 1).ToList();

        // A plain effect may run again only when a kill fell between the handler's write and the mark: every execution
        // but the last must lie in a run SIGKILLed afterwards or in an epoch a Redis kill ended.
        var unexplained = doubles.Where(f => plain[f].Where(x => !x.Run.EndedByKill(x.Epoch)).Sum(x => x.Count) > 1).ToList();
        var strangers = plain.Keys.Except(expected, StringComparer.Ordinal).ToList();
        verdict.Check(lost.Count == 0, $"{lost.Count} valid events were never handled (lost), e.g. {string.Join(", ", lost.Take(10))}.");
        verdict.Check(unexplained.Count == 0, $"{unexplained.Count} plain effects ran twice with no kill to explain it: {Describe(plain, unexplained)}.");
        verdict.Check(strangers.Count == 0, $"{strangers.Count} events were handled that are not valid published events (hostile entries handled?): {string.Join(", ", strangers.Take(10))}.");
        verdict.Figure($"lost {lost.Count}; plain double effects {doubles.Count} (explained by kills {doubles.Count - unexplained.Count}, unexplained {unexplained.Count})");

        var staged = await run.Redis.HashGetAllAsync(ChaosKeys.Staged(run.Keys.Stream(ChaosRun.Stream)));
        var stagedMissing = expected.Count(f => !staged.ContainsKey(f));
        var stagedDoubles = expected.Count(f => staged.TryGetValue(f, out var count) && count.ToInt64() > 1);
        verdict.Check(stagedMissing == 0, $"{stagedMissing} valid events have no staged effect.");
        verdict.Check(stagedDoubles == 0, $"{stagedDoubles} staged effects ran more than once.");
        verdict.Figure($"staged double effects {stagedDoubles}, staged effects missing {stagedMissing}");
        return plain;
    }

    private static string Describe(Dictionary<string, List<(ConsumerRun Run, int Epoch, long Count)>> plain, List<string> fields) =>
        string.Join("; ", fields.Take(5).Select(f => f + " by " + string.Join(", ", plain[f].Select(x =>
            string.Create(CultureInfo.InvariantCulture, $"{x.Run.Run} epoch {x.Epoch} x{x.Count}{(x.Run.Killed ? " (killed)" : string.Empty)}")))));
}
