using System.Text.Json;
using Fleet.Contracts;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Demo.Search;

/// <summary>
/// Asks embedding-generator a question over the user's stored vectors: <c>embedding.search.requested</c> on
/// ai.events, answered there by <c>.completed</c> or <c>.failed</c> with the request's correlation id. Both answers
/// are waited for (registered before the request is published, as RequestAsync does) so a refusal shows its reason
/// instead of a timeout. Each hit is shown with its file's name and the start of its chunk's text.
/// </summary>
internal sealed class SemanticSearch(
    IEventPublisher publisher,
    IEventRequester requester,
    RedisClient redis,
    ContractKeys keys,
    Journeys journeys,
    Narrator narrator)
{
    public async Task<SearchOutcome> AskAsync(string userId, string query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        narrator.Say($"search for \"{query}\" over {userId}'s vectors (embedding.search.requested on {FleetStreams.Ai})");
        var correlationId = DemoIds.NewCorrelationId();
        var started = narrator.Time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var completed = requester.WaitForEventAsync(FleetStreams.Ai, "embedding.search.completed", correlationId, timeout, stop.Token);
        var failed = requester.WaitForEventAsync(FleetStreams.Ai, "embedding.search.failed", correlationId, timeout, stop.Token);
        await publisher.PublishAsync(
            FleetStreams.Ai,
            new EmbeddingSearchRequested(userId, query, TopK: 5),
            new PublishOptions { CorrelationId = correlationId, UserId = userId },
            cancellationToken);

        EventEnvelope answer;
        try
        {
            answer = await await Task.WhenAny(completed, failed);
        }
        catch (EventWaitTimeoutException)
        {
            return new SearchOutcome([], null, $"no answer within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            await stop.CancelAsync();
            await ((Task)Task.WhenAll(completed, failed)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var took = narrator.Time.GetElapsedTime(started);
        if (answer.Type == "embedding.search.failed")
        {
            var failure = JsonSerializer.Deserialize(answer.Data.Span, FleetContractsJsonContext.Default.EmbeddingSearchFailed);
            return new SearchOutcome([], null, $"embedding.search.failed: {failure?.Reason}: {failure?.Message}");
        }

        var result = JsonSerializer.Deserialize(answer.Data.Span, FleetContractsJsonContext.Default.EmbeddingSearchCompleted)!;
        narrator.Say($"answered in {took.TotalMilliseconds:N0} ms: {result.Searched} vectors compared ({result.Model}), best {result.Hits.Count}:");
        var rank = 0;
        foreach (var hit in result.Hits)
        {
            var snippet = await SnippetAsync(hit, cancellationToken);
            narrator.Line($"  {++rank}. {hit.Score:0.000}  {Narrator.Fit(FileName(hit.FileId), Narrator.FileColumn)} chunk {hit.ChunkIndex,-3} {snippet}");
        }

        return new SearchOutcome(result.Hits, result.Hits.Count > 0 ? FileName(result.Hits[0].FileId) : null, result.Hits.Count > 0 ? string.Empty : "no hits");
    }

    private string FileName(string fileId)
    {
        lock (journeys.Gate)
        {
            return journeys.ByFileId(fileId)?.Sample.Name ?? fileId;
        }
    }

    // The chunk's text is still in file-processor's chunk hash (HGET, field = chunk index; it expires after 24 h).
    private async Task<string> SnippetAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        var text = (await redis.HashGetAsync(keys.Chunks(hit.FileId), hit.ChunkIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken)).ToString();
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 90 ? $"\"{flat}\"" : $"\"{flat[..89]}…\"";
    }
}
