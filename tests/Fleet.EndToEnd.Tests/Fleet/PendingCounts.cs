namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>Pending entries by <c>stream/group</c>; prints the groups that have some, for a failure message.</summary>
internal sealed class PendingCounts() : SortedDictionary<string, long>(StringComparer.Ordinal)
{
    public override string ToString()
    {
        var pending = this.Where(p => p.Value > 0).Select(p => $"{p.Key}: {p.Value}").ToList();
        return pending.Count == 0 ? "nothing pending" : string.Join(", ", pending);
    }
}
