using Fleet.Redis;

namespace Fleet.Events;

/// <content>The size of an entry as read, so a consumer can refuse one larger than any publisher may write.</content>
public static partial class EnvelopeCodec
{
    /// <summary>
    /// The exact size of <paramref name="fields"/> in Redis's terms: the bytes of every field name and value, as the
    /// publisher counts them against <see cref="FleetEventsOptions.MaxEventBytes"/>.
    /// </summary>
    /// <remarks>
    /// Counting a name's UTF-8 bytes costs a pass over it, so the decode first sums a cheap upper bound and calls this only
    /// for an entry whose bound is over the limit.
    /// </remarks>
    internal static long ExactSize(IReadOnlyList<StreamField> fields)
    {
        var size = 0L;
        for (var i = 0; i < fields.Count; i++)
        {
            size += fields[i].NameBytes.GetByteCount() + fields[i].Value.GetByteCount();
        }

        return size;
    }
}
