using Fleet.Events;

namespace Fleet.Chaos.Tests;

/// <content>Hostile entries: each in the <c>:dlq</c> with a reason and its original fields byte for byte.</content>
internal static partial class ChaosVerifier
{
    private static async Task CheckDeadLettersAsync(ChaosRun run, ChaosVerdict verdict)
    {
        // Read as raw bytes (a plain XRANGE), so field names that are not UTF-8 are compared as written.
        var reply = await run.Redis.ExecuteAsync("XRANGE", run.Keys.DeadLetters(ChaosRun.Stream), "-", "+");
        var deadLetters = new Dictionary<string, List<(byte[] Name, byte[] Value)>>(StringComparer.Ordinal);
        foreach (var entry in reply.Elements)
        {
            var flat = entry[1].Elements;
            var fields = Enumerable.Range(0, flat.Count / 2).Select(i => (flat[2 * i].Value.ToArray(), flat[(2 * i) + 1].Value.ToArray())).ToList();
            var source = fields.LastOrDefault(f => Text(f.Item1) == DeadLetterFields.EntryId);
            if (source.Item2 is not null)
            {
                deadLetters[Text(source.Item2)] = fields;
            }
        }

        foreach (var kind in run.Hostile.GroupBy(h => h.Entry.Kind))
        {
            var absent = kind.Count(h => !deadLetters.ContainsKey(h.EntryId.ToString()));
            var changed = kind.Count(h => deadLetters.TryGetValue(h.EntryId.ToString(), out var fields) && !Keeps(h.Entry, fields));
            verdict.Check(absent == 0, $"hostile '{kind.Key}': {absent} of {kind.Count()} entries are not in the :dlq.");
            verdict.Check(changed == 0, $"hostile '{kind.Key}': {changed} of {kind.Count()} dead letters lack a reason or differ from the original fields byte for byte.");
        }

        var inDeadLetters = run.Hostile.Count(h => deadLetters.ContainsKey(h.EntryId.ToString()));
        var others = deadLetters.Count - inDeadLetters;
        verdict.Check(others == 0, $"{others} dead letters are not hostile entries (valid events dead-lettered).");
        verdict.Figure($"hostile entries dead-lettered {inDeadLetters} of {run.Hostile.Count}; other dead letters {others}");
    }

    /// <summary>The original fields first, unchanged and in order, then the dead-letter fields with a non-empty reason.</summary>
    private static bool Keeps(HostileEntry entry, List<(byte[] Name, byte[] Value)> deadLetter)
    {
        var original = entry.Fields;
        if (deadLetter.Count <= original.Count || Text(deadLetter[original.Count].Name) != DeadLetterFields.SourceStream)
        {
            return false;
        }

        for (var i = 0; i < original.Count; i++)
        {
            if (!original[i].Name.AsSpan().SequenceEqual(deadLetter[i].Name) || !original[i].Value.AsSpan().SequenceEqual(deadLetter[i].Value))
            {
                return false;
            }
        }

        return deadLetter.Skip(original.Count).Any(f => Text(f.Name) == DeadLetterFields.ErrorMessage && f.Value.Length > 0);
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
