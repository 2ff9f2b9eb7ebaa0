using System.Globalization;
using Fleet.EventGateway.Archive;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// An event's place in archive order (timestamp, then id) as fixed-width text: 17 digits of microseconds since the Unix
/// epoch, then the 26-character id. The Redis marker script compares two of them byte by byte, so text order is archive
/// order whatever the server's locale.
/// </summary>
internal static class ReplayPosition
{
    public static string Of(DateTimeOffset timestamp, string id)
    {
        var microseconds = (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (TimeSpan.TicksPerMillisecond / 1000);
        return microseconds.ToString("D17", CultureInfo.InvariantCulture) + id;
    }

    public static string Of(ArchivedEvent archived)
    {
        ArgumentNullException.ThrowIfNull(archived);
        return Of(archived.Timestamp, archived.Id);
    }

    /// <summary>Whether <paramref name="archived"/> comes at or before the event last published (so a resumed page skips it).</summary>
    public static bool IsAtOrBefore(ArchivedEvent archived, DateTimeOffset? lastTimestamp, string? lastId) =>
        lastTimestamp is { } timestamp && lastId is not null && string.CompareOrdinal(Of(archived), Of(timestamp, lastId)) <= 0;
}
