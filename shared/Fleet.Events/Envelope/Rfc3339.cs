namespace Fleet.Events;

/// <summary>
/// Reads an RFC 3339 <c>date-time</c> (section 5.6) from its UTF-8 bytes, and nothing else: no date without a time, no
/// time without an offset, no space for the <c>T</c> (the grammar has only <c>T</c>, and ABNF is case-insensitive, so
/// <c>t</c>; the space of the section's NOTE is "by agreement", which an open stream has none of), no culture-dependent
/// forms. What the grammar allows is read: any offset (<c>Z</c>, <c>z</c>, <c>±hh:mm</c>), normalised to UTC, and a
/// fraction of any length, cut to .NET's 100 ns ticks. A leap second (<c>:60</c>) is read as the last tick of the
/// minute, and only where one can occur, at 23:59 UTC; dates outside 0001-9999 after normalising are refused.
/// </summary>
internal static class Rfc3339
{
    /// <summary>Whether <paramref name="utf8"/> is an RFC 3339 date-time; <paramref name="timestamp"/> is then its UTC time.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset timestamp)
    {
        timestamp = default;

        // yyyy-MM-ddTHH:mm:ss then an optional fraction, then Z or ±hh:mm: 20 bytes at least.
        if (utf8.Length < 20 || utf8[4] != '-' || utf8[7] != '-' || (utf8[10] | 0x20) != 't' || utf8[13] != ':' || utf8[16] != ':'
            || !Digits(utf8[..4], out var year) || !Digits(utf8[5..7], out var month) || !Digits(utf8[8..10], out var day)
            || !Digits(utf8[11..13], out var hour) || !Digits(utf8[14..16], out var minute) || !Digits(utf8[17..19], out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var at = 19;
        long fractionTicks = 0;
        if (utf8[at] == '.')
        {
            // One digit at least; digits past the seventh (below 100 ns) are read and dropped.
            var start = ++at;
            var scale = TimeSpan.TicksPerSecond;
            while (at < utf8.Length && utf8[at] is >= (byte)'0' and <= (byte)'9')
            {
                scale /= 10;
                fractionTicks += (utf8[at] - '0') * scale;
                at++;
            }

            if (at == start)
            {
                return false;
            }
        }

        if (!TryOffset(utf8[at..], out var offset))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second == 60 ? 59 : second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        var utc = new DateTime(utcTicks, DateTimeKind.Utc);
        if (second == 60)
        {
            // A leap second is inserted after 23:59:59 UTC: anything else named :60 is not a time that existed.
            if (utc.Hour != 23 || utc.Minute != 59)
            {
                return false;
            }

            // The last tick of 23:59:59, built without passing midnight (9999-12-31 has no next day).
            utc = utc.Date.AddTicks(TimeSpan.TicksPerDay - 1);
        }

        timestamp = new DateTimeOffset(utc);
        return true;
    }

    // time-offset = "Z" / ("+" / "-") time-hour ":" time-minute, and nothing after it.
    private static bool TryOffset(ReadOnlySpan<byte> utf8, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (utf8.Length == 1)
        {
            return (utf8[0] | 0x20) == 'z';
        }

        if (utf8.Length != 6 || utf8[0] is not ((byte)'+' or (byte)'-') || utf8[3] != ':'
            || !Digits(utf8[1..3], out var hours) || !Digits(utf8[4..6], out var minutes) || hours > 23 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (utf8[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> utf8, out int value)
    {
        value = 0;
        foreach (var b in utf8)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
