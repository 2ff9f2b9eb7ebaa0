using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Fleet.Events.Outbox;

/// <summary>The names of the files in an outbox directory.</summary>
internal static class OutboxFiles
{
    /// <summary>The lock file a running outbox holds exclusively.</summary>
    public const string LockFileName = "outbox.lock";

    /// <summary>The checkpoint: the position of the first unconsumed record.</summary>
    public const string CheckpointFileName = "checkpoint";

    /// <summary>The checkpoint being written; renamed over <see cref="CheckpointFileName"/> once on disk.</summary>
    public const string CheckpointTempFileName = "checkpoint.tmp";

    private const string SegmentExtension = ".seg";

    /// <summary>The path of segment <paramref name="number"/>, e.g. <c>00000001.seg</c>.</summary>
    public static string SegmentPath(string directory, long number) =>
        Path.Combine(directory, number.ToString("D8", CultureInfo.InvariantCulture) + SegmentExtension);

    /// <summary>The numbers of the segment files in <paramref name="directory"/>, ascending.</summary>
    public static List<long> ListSegments(string directory)
    {
        var numbers = new List<long>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + SegmentExtension))
        {
            // Only names this class makes count; anything else an operator left there is not ours to read or delete.
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.Length >= 8 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
            {
                numbers.Add(number);
            }
        }

        numbers.Sort();
        return numbers;
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; a read may return less than asked.</summary>
    public static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new EndOfStreamException($"Outbox segment ended at offset {offset} while reading a record.");
            }

            destination = destination[read..];
            offset += read;
        }
    }
}
