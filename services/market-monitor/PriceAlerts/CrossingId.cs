using System.Security.Cryptography;
using System.Text;
using NUlid;

namespace Fleet.MarketMonitor.PriceAlerts;

/// <summary>
/// The id of one price alert crossing, used as the causation id of its <c>notification.requested</c> (ADR 0008). The
/// notifier delivers once per <c>{causation id}:{topic}</c>; two alerts crossing on the same tick must both be
/// delivered, so the causation cannot be the tick's event id alone. This id is derived from the tick's event id and the
/// alert id: the same for every re-publication of that crossing (so the notifier still dedupes them), different for
/// each alert, and it keeps the tick's ULID time (its first 48 bits) so it sorts with its cause. The tick's own id
/// travels in the metadata (<c>tick_event_id</c>).
/// </summary>
internal static class CrossingId
{
    public static Ulid Of(Ulid tickEventId, string alertId)
    {
        var tick = tickEventId.ToByteArray();
        var input = new byte[tick.Length + Encoding.UTF8.GetByteCount(alertId)];
        tick.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(alertId, 0, alertId.Length, input, tick.Length);
        var hash = SHA256.HashData(input);
        var id = new byte[16];
        Array.Copy(tick, id, 6);
        Array.Copy(hash, 0, id, 6, 10);
        return new Ulid(id);
    }
}
