using System.Text;
using System.Text.Unicode;

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

    /// <summary>The name as a string; bytes that are not UTF-8 read as U+FFFD (for keys and group names, never written back).</summary>
    public static string Get(ReadOnlySpan<byte> utf8) =>
        TryGetUtf8(utf8, out var name) ? name : Encoding.UTF8.GetString(utf8);

    /// <summary>
    /// The name as a string when it is valid UTF-8 (so encoding the string gives the same bytes back); false for any
    /// other bytes, which a caller that writes the name again must keep as bytes.
    /// </summary>
    public static bool TryGetUtf8(ReadOnlySpan<byte> utf8, out string name)
    {
        if (utf8.IsEmpty)
        {
            name = string.Empty;
            return true;
        }

        if (utf8.Length > MaxCachedLength || !Ascii.IsValid(utf8))
        {
            // Long or non-ASCII names are rare (producers outside Fleet); they are decoded each time, not cached.
            var valid = Utf8.IsValid(utf8);
            name = valid ? Encoding.UTF8.GetString(utf8) : string.Empty;
            return valid;
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
            name = cached;
            return true;
        }

        name = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref slot, name);
        return true;
    }
}
