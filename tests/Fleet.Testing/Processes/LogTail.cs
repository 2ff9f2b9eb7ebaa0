using System.Text;

namespace Fleet.Testing.Processes;

/// <summary>Reads the end of redis.log for error messages.</summary>
internal static class LogTail
{
    /// <summary>Returns the file length, the offset a new run's lines start at.</summary>
    public static long CurrentLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>The last <paramref name="maxLines"/> lines written after <paramref name="offset"/>, or an empty string.</summary>
    public static string Read(string path, long offset, int maxLines = 30)
    {
        try
        {
            // redis-server may still hold the file open for writing.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', lines.TakeLast(maxLines));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
