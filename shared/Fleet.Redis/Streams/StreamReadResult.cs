namespace Fleet.Redis;

/// <summary>The entries XREAD or XREADGROUP returned for one of the streams it read.</summary>
public sealed class StreamReadResult
{
    /// <summary>Creates a result for <paramref name="key"/>.</summary>
    public StreamReadResult(string key, IReadOnlyList<StreamEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(entries);
        Key = key;
        Entries = entries;
    }

    /// <summary>The stream's key.</summary>
    public string Key { get; }

    /// <summary>The entries read from it, oldest first.</summary>
    public IReadOnlyList<StreamEntry> Entries { get; }
}
