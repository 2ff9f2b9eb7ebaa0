namespace Fleet.FileProcessor;

/// <summary>The stable reason codes of <c>file.processing.failed</c> (FileProcessingFailed.Reason).</summary>
internal static class FailureReasons
{
    /// <summary>The declared MIME type (and, for a generic one, the extension) names no format this service reads.</summary>
    public const string UnsupportedType = "unsupported_type";

    /// <summary>A PDF that needs a password to be read.</summary>
    public const string Encrypted = "encrypted";

    /// <summary>The bytes are not a readable file of the declared format.</summary>
    public const string Corrupt = "corrupt";

    /// <summary>No file at the storage URI.</summary>
    public const string Missing = "missing";

    /// <summary>Declared or actual size above FileProcessor:MaxFileBytes.</summary>
    public const string TooLarge = "too_large";

    /// <summary>The file holds no text (empty, whitespace, a PDF of scanned images).</summary>
    public const string NoText = "no_text";

    /// <summary>The storage URI is not a <c>file://</c> URI of a file under FileProcessor:StorageRoot.</summary>
    public const string OutsideStorage = "outside_storage";

    /// <summary>embedding-generator answered <c>embedding.generation.failed</c>.</summary>
    public const string EmbeddingFailed = "embedding_failed";

    /// <summary>No answer within FileProcessor:EmbeddingTimeout on the upload's last allowed delivery.</summary>
    public const string EmbeddingTimeout = "embedding_timeout";
}
