using Microsoft.Extensions.Options;

namespace Fleet.FileProcessor;

/// <summary>The rules of <see cref="FileProcessorOptions"/> that span fields or touch the file system.</summary>
internal sealed class FileProcessorOptionsValidator : IValidateOptions<FileProcessorOptions>
{
    public ValidateOptionsResult Validate(string? name, FileProcessorOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.StorageRoot))
        {
            if (!Path.IsPathFullyQualified(options.StorageRoot))
            {
                failures.Add($"FileProcessor:StorageRoot must be an absolute path; '{options.StorageRoot}' is not.");
            }
            else if (!Directory.Exists(options.StorageRoot))
            {
                failures.Add($"FileProcessor:StorageRoot '{options.StorageRoot}' is not an existing directory.");
            }
        }

        if (options.ChunkOverlap >= options.ChunkSize)
        {
            failures.Add($"FileProcessor:ChunkOverlap ({options.ChunkOverlap}) must be less than FileProcessor:ChunkSize ({options.ChunkSize}).");
        }

        if (options.EmbeddingTimeout <= TimeSpan.Zero)
        {
            failures.Add($"FileProcessor:EmbeddingTimeout must be positive; it is {options.EmbeddingTimeout}.");
        }

        if (options.ProcessingTimeout <= options.EmbeddingTimeout)
        {
            failures.Add($"FileProcessor:ProcessingTimeout ({options.ProcessingTimeout}) must exceed FileProcessor:EmbeddingTimeout ({options.EmbeddingTimeout}), or the wait is cancelled before it times out.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
