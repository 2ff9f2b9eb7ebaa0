using System.ComponentModel.DataAnnotations;

namespace Fleet.FileProcessor;

/// <summary>
/// The settings of file-processor, section <c>FileProcessor</c> (environment: <c>FileProcessor__StorageRoot</c> …),
/// validated at start; a bad value stops the process with a message naming <c>FileProcessor:&lt;Property&gt;</c>.
/// </summary>
internal sealed class FileProcessorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FileProcessor";

    /// <summary>The directory uploads are stored under (a mounted volume in containers). Required; it must exist.</summary>
    [Required(ErrorMessage = "FileProcessor:StorageRoot is required: the directory uploads are stored under.")]
    public string StorageRoot { get; set; } = string.Empty;

    /// <summary>Largest file read, in bytes, declared and actual (files are read whole into memory). Default 20 MiB, at most 1 GiB.</summary>
    [Range(typeof(long), "1", "1073741824", ErrorMessage = "FileProcessor:MaxFileBytes must be between 1 and 1073741824 bytes.")]
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Most characters in one chunk. Default 1000.</summary>
    [Range(20, 100_000, ErrorMessage = "FileProcessor:ChunkSize must be between 20 and 100000 characters.")]
    public int ChunkSize { get; set; } = 1000;

    /// <summary>Characters a chunk repeats from the end of the one before it, at most. Default 150; below ChunkSize.</summary>
    [Range(0, 100_000, ErrorMessage = "FileProcessor:ChunkOverlap must be between 0 and 100000 characters.")]
    public int ChunkOverlap { get; set; } = 150;

    /// <summary>How long to wait for embedding-generator's answer. Default 2 minutes.</summary>
    public TimeSpan EmbeddingTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Uploads handled at once by this instance (the consumer group's Concurrency). Default 2.</summary>
    [Range(1, 256, ErrorMessage = "FileProcessor:Concurrency must be between 1 and 256.")]
    public int Concurrency { get; set; } = 2;

    /// <summary>
    /// Deliveries of one upload before it is given up (the group's MaxDeliveries); an embedding timeout on the last one
    /// fails the file with <c>embedding_timeout</c>. Default 3.
    /// </summary>
    [Range(1, 100, ErrorMessage = "FileProcessor:MaxDeliveries must be between 1 and 100.")]
    public int MaxDeliveries { get; set; } = 3;

    /// <summary>
    /// The longest one delivery may take (the group's ProcessingTimeout): after it the handler is cancelled and another
    /// instance may claim the upload. Must exceed EmbeddingTimeout. Default 3 minutes.
    /// </summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
