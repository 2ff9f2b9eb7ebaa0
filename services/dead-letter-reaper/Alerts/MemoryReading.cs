namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>INFO memory's used_memory and maxmemory, in bytes.</summary>
/// <param name="Used">used_memory.</param>
/// <param name="Max">maxmemory; 0 means no limit.</param>
internal readonly record struct MemoryReading(long Used, long Max)
{
    /// <summary>used_memory / maxmemory, or null when there is no limit.</summary>
    public double? Ratio => Max > 0 ? (double)Used / Max : null;
}
