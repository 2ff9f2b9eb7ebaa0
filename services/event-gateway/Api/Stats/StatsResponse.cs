using Fleet.EventGateway.Archive;

namespace Fleet.EventGateway.Api.Stats;

/// <summary>The answer of <c>GET /events/stats</c>.</summary>
/// <param name="Streams">Every fleet stream, in FleetStreams.All's order.</param>
/// <param name="Archive">How much the archive holds, or null when it could not be read (<paramref name="ArchiveError"/> says why).</param>
/// <param name="ArchiveError">Why the archive's size is missing, or null.</param>
internal sealed record StatsResponse(IReadOnlyList<StreamStats> Streams, ArchiveSize? Archive, string? ArchiveError);
