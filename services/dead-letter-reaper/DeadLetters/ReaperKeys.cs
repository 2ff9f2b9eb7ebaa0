using Fleet.Events;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>The keys the reaper uses, each in its source stream's hash tag so one script may touch them with the stream.</summary>
internal sealed class ReaperKeys(StreamKeys keys)
{
    /// <summary>The consumer group the reaper reads every <c>:dlq</c> (and system.events) with.</summary>
    public const string Group = "dead-letter-reaper";

    public string Stream(string stream) => keys.Stream(stream);

    public string DeadLetters(string stream) => keys.DeadLetters(stream);

    public string Parked(string stream) => keys.Parked(stream);

    /// <summary>
    /// The decision log, <c>fleet:{stream}:reaper:decisions</c>: decisions made whose event is not published yet. A
    /// script appends to it in the same step as the move; the entry is deleted once the event is on system.events.
    /// </summary>
    public string Decisions(string stream) => keys.Stream(stream) + ":reaper:decisions";
}
