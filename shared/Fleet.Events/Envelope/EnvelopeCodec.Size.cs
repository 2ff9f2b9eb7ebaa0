using Fleet.Redis;

namespace Fleet.Events;

/// <content>The size of an entry as read, so a consumer can refuse one larger than any publisher may write.</content>
public static partial class EnvelopeCodec
{
    /// <summary>
    /// Whether <paramref name="fields"/> weigh more than <paramref name="limit"/> in Redis's terms (the bytes of every field
    /// name and value, as the publisher counts them against <see cref="FleetEventsOptions.MaxEventBytes"/>); when they do,
    /// <paramref name="size"/> is their exact size.
    /// </summary>
    internal static bool IsLargerThan(IReadOnlyList<StreamField> fields, long limit, out long size)
    {
        // The common case counts no name: a UTF-16 character is at most 3 UTF-8 bytes, and values read from Redis know
        // their length. Only an entry over that bound is counted exactly. (The consumer's decode sums the same bound.)
        size = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            size += (field.HasBinaryName ? field.NameBytes.GetByteCount() : 3L * field.Name.Length) + field.Value.GetByteCount();
        }

        if (size <= limit)
        {
            return false;
        }

        size = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            size += fields[i].NameBytes.GetByteCount() + fields[i].Value.GetByteCount();
        }

        return size > limit;
    }
}
