namespace Fleet.FileProcessor;

/// <summary>file-processor's log records (EventIds 8000-8099). File contents and chunk texts are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "File {FileId} processed: {Format}, {Characters} characters, {Chunks} chunks, {Vectors} vectors at {Priority} priority in {TotalMs:0} ms")]
    public static partial void FileProcessed(ILogger logger, string fileId, string format, long characters, int chunks, int vectors, Fleet.Contracts.Priority priority, double totalMs);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "File {FileId} failed ({Reason}): {Detail}")]
    public static partial void FileFailed(ILogger logger, string fileId, string reason, string detail);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "No embeddings for file {FileId} within {TimeoutMs:0} ms on delivery {Attempt} of {MaxDeliveries}; the upload will be delivered again")]
    public static partial void EmbeddingTimedOutWillRetry(ILogger logger, string fileId, double timeoutMs, long attempt, int maxDeliveries);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "User {UserId} is now on the {Tier} tier")]
    public static partial void TierChanged(ILogger logger, string userId, string tier);
}
