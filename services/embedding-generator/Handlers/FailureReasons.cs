namespace Fleet.EmbeddingGenerator.Handlers;

/// <summary>The stable reason codes of <c>embedding.generation.failed</c> and <c>embedding.search.failed</c>.</summary>
internal static class FailureReasons
{
    public const string ChunksMissing = "chunks_missing";
    public const string ModelFailed = "model_failed";
    public const string InvalidRequest = "invalid_request";

    // The contracts' Message holds at most 2 000 characters.
    private const int MaxMessage = 2000;

    public static string Fit(string message) => message.Length <= MaxMessage ? message : string.Concat(message.AsSpan(0, MaxMessage - 1), "…");
}
