namespace Fleet.Redis;

/// <summary>How a stream is trimmed.</summary>
public enum StreamTrimStrategy
{
    /// <summary>Not set: a default <see cref="StreamTrim"/>, which commands refuse.</summary>
    None,

    /// <summary>MAXLEN: keep at most a number of entries.</summary>
    MaxLength,

    /// <summary>MINID: drop entries with ids below a threshold (retention by age).</summary>
    MinId,
}
