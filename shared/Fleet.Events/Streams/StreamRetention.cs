using Fleet.Redis;

namespace Fleet.Events;

/// <summary>
/// How much of a stream Redis keeps, applied on every publish as approximate trimming (XADD MAXLEN ~ or
/// MINID ~, DESIGN.md section 7). Retention must exceed the worst expected consumer lag.
/// </summary>
public sealed record StreamRetention
{
    private StreamRetention(long maxLength, TimeSpan maxAge)
    {
        MaxLengthValue = maxLength;
        MaxAgeValue = maxAge;
    }

    /// <summary>Keep about the newest <paramref name="entries"/> entries (MAXLEN ~).</summary>
    public static StreamRetention MaxLength(long entries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entries, 1);
        return new(entries, TimeSpan.Zero);
    }

    /// <summary>Keep entries younger than <paramref name="age"/> (MINID ~ now − age).</summary>
    public static StreamRetention MaxAge(TimeSpan age)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(age, TimeSpan.Zero);
        return new(0, age);
    }

    /// <summary>The entry count kept, or 0 when retention is by age.</summary>
    public long MaxLengthValue { get; }

    /// <summary>The age kept, or zero when retention is by length.</summary>
    public TimeSpan MaxAgeValue { get; }

    /// <summary>The XADD trim clause for a publish at <paramref name="now"/>.</summary>
    public StreamTrim ToTrim(DateTimeOffset now) => MaxLengthValue > 0
        ? StreamTrim.MaxLength(MaxLengthValue, approximate: true)
        : StreamTrim.MinAge(now - MaxAgeValue, approximate: true);

    /// <inheritdoc/>
    public override string ToString() => MaxLengthValue > 0 ? $"MAXLEN ~ {MaxLengthValue}" : $"MINID ~ now-{MaxAgeValue}";
}
