namespace Fleet.EmbeddingGenerator;

/// <summary>The service's log records (EventIds 8100-8199). Chunk and query text is never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(8100, LogLevel.Information, "Model {Model} loaded in {LoadMs:0} ms; process RSS {RssMb} MB")]
    public static partial void ModelLoaded(ILogger logger, string model, double loadMs, long rssMb);

    [LoggerMessage(8101, LogLevel.Critical, "Model {Model} could not be loaded; every request is answered model_failed until the process is replaced")]
    public static partial void ModelLoadFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(8110, LogLevel.Information, "Stored {Count} vectors of file {FileId} ({Lane} lane) in {ElapsedMs:0} ms")]
    public static partial void VectorsStored(ILogger logger, int count, string fileId, string lane, double elapsedMs);

    [LoggerMessage(8111, LogLevel.Warning, "Chunks of file {FileId} are missing from {ChunksKey} (expected {ChunkCount}); answered chunks_missing")]
    public static partial void ChunksMissing(ILogger logger, string fileId, string chunksKey, int chunkCount);

    [LoggerMessage(8112, LogLevel.Warning, "Request for file {FileId} names chunks key {ChunksKey}, not {ExpectedKey}; answered invalid_request")]
    public static partial void UnexpectedChunksKey(ILogger logger, string fileId, string chunksKey, string expectedKey);

    [LoggerMessage(8113, LogLevel.Error, "The model failed on file {FileId}; answered model_failed")]
    public static partial void GenerationModelFailed(ILogger logger, Exception exception, string fileId);

    [LoggerMessage(8120, LogLevel.Information, "Search for user {UserId}: {Searched} vectors compared, {Hits} hits in {ElapsedMs:0} ms")]
    public static partial void SearchAnswered(ILogger logger, string userId, int searched, int hits, double elapsedMs);

    [LoggerMessage(8121, LogLevel.Error, "The model failed on a search of user {UserId}; answered model_failed")]
    public static partial void SearchModelFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(8122, LogLevel.Debug, "Vector {Key} skipped: its blob is {Bytes} bytes, not {Dimensions} floats")]
    public static partial void VectorSkipped(ILogger logger, string key, int bytes, int dimensions);
}
