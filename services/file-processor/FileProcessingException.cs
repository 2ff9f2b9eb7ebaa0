namespace Fleet.FileProcessor;

/// <summary>A file that cannot be processed as it is: the handler turns it into <c>file.processing.failed</c> and a dead letter.</summary>
internal sealed class FileProcessingException : Exception
{
    public FileProcessingException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>One of <see cref="FailureReasons"/>.</summary>
    public string Reason { get; }
}
