using Fleet.Contracts;

namespace Fleet.Demo.Search;

/// <summary>What the semantic search answered.</summary>
/// <param name="Hits">The hits, best first (empty when it failed).</param>
/// <param name="TopFile">The file name of the best hit, or null.</param>
/// <param name="Problem">Why there is no answer, or empty.</param>
internal sealed record SearchOutcome(IReadOnlyList<SearchHit> Hits, string? TopFile, string Problem);
