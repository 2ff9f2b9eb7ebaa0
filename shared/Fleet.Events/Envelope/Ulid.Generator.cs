using System.Security.Cryptography;

namespace Fleet.Events;

/// <content>The monotonic generator behind <see cref="NewUlid()"/>.</content>
public readonly partial struct Ulid
{
    /// <summary>The monotonic sequence of one clock; a lock keeps it strictly increasing across threads.</summary>
    internal sealed class Generator
    {
        // Random bytes for 64 ids per RandomNumberGenerator call; only a new millisecond draws from it.
        private readonly byte[] _random = new byte[RandomnessLength * 64];
        private readonly Lock _lock = new();
        private int _randomOffset;
        private ulong _lastHigh;
        private ulong _lastLow;

        /// <summary>A sequence that continues after <paramref name="last"/> (Empty: a fresh sequence).</summary>
        internal Generator(Ulid last = default)
        {
            _randomOffset = _random.Length;
            _lastHigh = last._high;
            _lastLow = last._low;
        }

        internal Ulid Next(DateTimeOffset now)
        {
            var milliseconds = now.ToUnixTimeMilliseconds();
            if (milliseconds is < 0 or > (long)MaxTimestamp)
            {
                throw new InvalidOperationException($"The clock reads {now:O}, outside the ULID range (1970 to 10889).");
            }

            lock (_lock)
            {
                var lastMilliseconds = _lastHigh >> 16;
                if ((ulong)milliseconds > lastMilliseconds)
                {
                    return Fresh((ulong)milliseconds);
                }

                // Same millisecond, or the clock went back: previous + 1, keeping the previous timestamp.
                var low = _lastLow + 1;
                var high = low == 0 ? _lastHigh + 1 : _lastHigh;
                if (high >> 16 == lastMilliseconds)
                {
                    _lastHigh = high;
                    _lastLow = low;
                    return new Ulid(high, low);
                }

                // The 80 random bits are used up: borrow the next millisecond.
                return lastMilliseconds < MaxTimestamp
                    ? Fresh(lastMilliseconds + 1)
                    : throw new InvalidOperationException("The ULID sequence reached the last millisecond of the 48-bit range.");
            }
        }

        private Ulid Fresh(ulong milliseconds)
        {
            if (_randomOffset == _random.Length)
            {
                RandomNumberGenerator.Fill(_random);
                _randomOffset = 0;
            }

            var id = FromParts(milliseconds, _random.AsSpan(_randomOffset, RandomnessLength));
            _randomOffset += RandomnessLength;
            _lastHigh = id._high;
            _lastLow = id._low;
            return id;
        }
    }
}
