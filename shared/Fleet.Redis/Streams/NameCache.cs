using System.Text;

namespace Fleet.Redis;

/// <summary>
/// Names in stream replies (field names, stream keys, group and consumer names), decoded once: a stream's
/// entries repeat the same few field names (Fleet's envelope has eleven), so reading them should not allocate a
/// string per field per entry. A small direct-mapped table; a collision just replaces the slot. Thread-safe: slots hold immutable strings, written and read atomically.
/// </summary>
internal static class NameCache
{
    private const int SlotCount = 256;
    private const int MaxCachedLength = 64;
    private static readonly string?[] Slots = new string?[SlotCount];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxCachedLength || !Ascii.IsValid(utf8))
        {
            return Encoding.UTF8.GetString(utf8);
        }

        // FNV-1a over the bytes picks the slot.
        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619u;
        }

        ref var slot = ref Slots[hash & (SlotCount - 1)];
        var cached = Volatile.Read(ref slot);
        if (cached is not null && cached.Length == utf8.Length && Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        var name = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref slot, name);
        return name;
    }
}
