namespace Fleet.EventGateway.Api.Stats;

/// <summary>One stream's figures.</summary>
/// <param name="Stream">Its name, e.g. contextual.events.</param>
/// <param name="Length">Entries in it (XLEN).</param>
/// <param name="FirstEntryId">Its first entry's id, or null when empty.</param>
/// <param name="LastEntryId">Its last entry's id, or null when empty.</param>
/// <param name="DeadLetters">Entries in its <c>:dlq</c>.</param>
/// <param name="Parked">Entries in its <c>:parked</c>.</param>
/// <param name="Groups">Its consumer groups.</param>
internal sealed record StreamStats(string Stream, long Length, string? FirstEntryId, string? LastEntryId, long DeadLetters, long Parked, IReadOnlyList<GroupStats> Groups)
{
    /// <summary>Entries ever added to it (XINFO STREAM entries-added, Redis 7; null before): the dashboard's rates count it, as trimming leaves the length flat.</summary>
    public long? EntriesAdded { get; init; }
}
