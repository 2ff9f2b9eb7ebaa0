using Fleet.Contracts;
using Microsoft.Extensions.Options;

namespace Fleet.FileProcessor.Storage;

/// <summary>
/// Reads uploaded files from <see cref="FileProcessorOptions.StorageRoot"/>. Only a <c>file://</c> URI whose real path
/// (symbolic links resolved, <c>..</c> folded) lies under the root's real path is read; the file read is the one at that
/// real path, so the path checked is the path opened.
/// </summary>
internal sealed class FileStorage
{
    private readonly string _root;
    private readonly long _maxBytes;

    public FileStorage(IOptions<FileProcessorOptions> options)
    {
        _root = PathCanonicalizer.Canonicalize(options.Value.StorageRoot);
        _maxBytes = options.Value.MaxFileBytes;
    }

    /// <summary>The real path of the storage root.</summary>
    public string Root => _root;

    /// <summary>The real path <paramref name="storageUri"/> names, or <see cref="FileProcessingException"/> (<c>outside_storage</c>).</summary>
    public string Resolve(string storageUri)
    {
        if (!Uri.TryCreate(storageUri, UriKind.Absolute, out var uri) || !uri.IsFile)
        {
            throw Outside($"The storage URI must be a file:// URI; '{storageUri}' is not.");
        }

        // file://host/path is a network share: never this service's volume.
        if (!string.IsNullOrEmpty(uri.Host) && !string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw Outside($"The storage URI names a host ('{uri.Host}'); only local paths under the storage root are read.");
        }

        var path = uri.LocalPath;
        if (!Path.IsPathFullyQualified(path))
        {
            throw Outside("The storage URI's path is not absolute.");
        }

        string real;
        try
        {
            real = PathCanonicalizer.Canonicalize(path);
        }
        catch (IOException error)
        {
            throw Outside($"The storage URI's path cannot be resolved: {error.Message}");
        }

        if (!real.StartsWith(_root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Outside("The file lies outside the storage root.");
        }

        return real;
    }

    /// <summary>
    /// The bytes of <paramref name="upload"/>'s file, checked: inside the root, present, within the size limit declared
    /// and actual. Failures are <see cref="FileProcessingException"/> with the reason code.
    /// </summary>
    public async Task<byte[]> ReadAsync(FileUploaded upload, CancellationToken cancellationToken)
    {
        var path = Resolve(upload.StorageUri);
        if (upload.SizeBytes > _maxBytes)
        {
            throw TooLarge(upload.SizeBytes, "declared");
        }

        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (file.Length > _maxBytes)
            {
                throw TooLarge(file.Length, "actual");
            }

            // Counted while read, so a file that grew after its length was looked at is still refused.
            using var copy = new MemoryStream((int)file.Length);
            var block = new byte[81_920];
            int count;
            while ((count = await file.ReadAsync(block, cancellationToken)) > 0)
            {
                if (copy.Length + count > _maxBytes)
                {
                    throw TooLarge(copy.Length + count, "actual");
                }

                copy.Write(block, 0, count);
            }

            return copy.ToArray();
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileProcessingException(FailureReasons.Missing, "The file is not in storage (it was never stored, or was deleted).", error);
        }
        catch (UnauthorizedAccessException error) when (Directory.Exists(path))
        {
            throw new FileProcessingException(FailureReasons.Missing, "The storage URI names a directory, not a file.", error);
        }
    }

    private static FileProcessingException Outside(string message) => new(FailureReasons.OutsideStorage, message);

    private FileProcessingException TooLarge(long size, string which) =>
        new(FailureReasons.TooLarge, $"The file's {which} size of {size} bytes is over the limit of {_maxBytes} bytes (FileProcessor:MaxFileBytes).");
}
