using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// The opaque cursor of a page: the keyset position (time, key) of the last row returned, and which table it walks
/// (<c>e</c>: events by (timestamp, id); <c>d</c>: dead letters and parked entries by (at, seq)), as base64url text.
/// </summary>
internal readonly record struct ArchiveCursor(char Table, DateTimeOffset At, string Key)
{
    public const char Events = 'e';
    public const char Entries = 'd';

    public override string ToString()
    {
        var micros = (At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Table}:{micros}:{Key}")));
    }

    /// <summary>Reads <paramref name="text"/>; throws <see cref="ArgumentException"/> when it is not a cursor of <paramref name="table"/>.</summary>
    public static ArchiveCursor Parse(string text, char table)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        var parts = decoded.Split(':', 3);
        if (parts.Length != 3 || parts[0].Length != 1 || parts[0][0] != table || parts[2].Length == 0
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
            || micros is < -62_135_596_800_000_000 or > 253_402_300_799_999_999)
        {
            throw Invalid();
        }

        return new(table, DateTimeOffset.UnixEpoch.AddTicks(micros * 10), parts[2]);
    }

    private static ArgumentException Invalid() =>
        new("The cursor is not one this query returned: pass the nextCursor of the previous page unchanged, with the same filters.", "cursor");
}
