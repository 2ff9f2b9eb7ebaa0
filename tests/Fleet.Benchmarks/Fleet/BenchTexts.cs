using System.Globalization;
using System.Text;

namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// Distinct English-like prose of a given length for uploads and model input: sentences drawn from a fixed vocabulary by
/// a seeded generator, so every run feeds the model the same kind of text (a real tokenizer sees real words, no padding
/// tricks) and no two texts are equal.
/// </summary>
internal static class BenchTexts
{
    private static readonly string[] Words =
    [
        "the", "report", "shows", "quarterly", "revenue", "growth", "across", "every", "region", "while", "costs", "fell",
        "customers", "asked", "for", "faster", "delivery", "and", "better", "support", "team", "reviewed", "design",
        "of", "new", "storage", "service", "before", "release", "engineers", "measured", "latency", "under", "load",
        "market", "prices", "moved", "after", "announcement", "a", "small", "change", "in", "policy", "improved",
        "results", "meeting", "notes", "describe", "next", "steps", "budget", "plan", "risk", "was", "lower", "than",
        "expected", "document", "search", "users", "upload", "files", "daily", "archive", "contains", "older", "records",
    ];

    /// <summary>Text number <paramref name="index"/> of about <paramref name="characters"/> characters.</summary>
    public static string Create(int index, int characters)
    {
        var random = new Random(index * 7919 + characters);
        var text = new StringBuilder(characters + 80).Append(CultureInfo.InvariantCulture, $"Note {index}. ");
        while (text.Length < characters)
        {
            var words = random.Next(6, 14);
            for (var i = 0; i < words; i++)
            {
                var word = Words[random.Next(Words.Length)];
                text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(i == words - 1 ? ". " : " ");
            }
        }

        return text.ToString(0, characters).TrimEnd() + ".";
    }
}
