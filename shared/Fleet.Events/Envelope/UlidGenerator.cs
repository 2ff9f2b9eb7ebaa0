using NUlid.Rng;

namespace Fleet.Events;

/// <summary>
/// The monotonic id sequence of one clock: NUlid's <see cref="MonotonicUlidRng"/> behind one lock that also holds the
/// timestamp, so ids are strictly increasing across calls from any thread.
/// </summary>
internal sealed class UlidGenerator
{
    private readonly Lock _lock = new();
    private readonly MonotonicUlidRng _random;
    private long _lastMilliseconds;

    /// <summary>A sequence that continues after <paramref name="last"/> (null: a fresh sequence).</summary>
    internal UlidGenerator(Ulid? last = null)
    {
        _random = new MonotonicUlidRng(new CSUlidRng(), last);
        _lastMilliseconds = last?.Time.ToUnixTimeMilliseconds() ?? -1;
    }

    internal Ulid Next(DateTimeOffset now)
    {
        var milliseconds = now.ToUnixTimeMilliseconds();
        if (milliseconds < 0)
        {
            throw new InvalidOperationException($"The clock reads {now:O}, before 1970: a ULID cannot hold it.");
        }

        lock (_lock)
        {
            // NUlid's rng continues the sequence (previous random part + 1) for any time not after the last one, but the id
            // would carry the time it is given: a clock that went back, or a thread that read the clock before another
            // but got the lock after it, would get an id sorting before the previous one. So the timestamp never goes back.
            milliseconds = Math.Max(milliseconds, _lastMilliseconds);
            try
            {
                return Stamp(milliseconds);
            }
            catch (OverflowException)
            {
                // The 80 random bits are used up within this millisecond (NUlid starts each millisecond below 2^79, so only
                // a sequence resumed near the top gets here): borrow the next millisecond, as a fresh random part.
                return Stamp(milliseconds + 1);
            }
        }
    }

    private Ulid Stamp(long milliseconds)
    {
        var id = Ulid.NewUlid(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), _random);
        _lastMilliseconds = milliseconds;
        return id;
    }
}
