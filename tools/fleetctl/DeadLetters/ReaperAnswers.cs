using System.Text.Json.Nodes;

namespace Fleet.Ctl.DeadLetters;

/// <summary>The answers to one request and how it ended.</summary>
internal sealed record ReaperAnswers(ReaperAnswerState State, IReadOnlyList<JsonObject> Answers, string? Error)
{
    /// <summary>Entries the answers report: the sum of <c>count</c> for purges, one per re-drive.</summary>
    public int Count(string answerType) => answerType == "system.dead_letter.purged"
        ? Answers.Sum(a => a["count"]?.GetValue<int>() ?? 0)
        : Answers.Count;
}
