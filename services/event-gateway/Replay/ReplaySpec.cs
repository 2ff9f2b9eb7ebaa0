using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fleet.EventGateway.Archive;

namespace Fleet.EventGateway.Replay;

/// <summary>What a replay job does, once validated: its filter over the archive, its target and its rate.</summary>
internal sealed record ReplaySpec
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Stream { get; init; }

    public string? Type { get; init; }

    public string? CorrelationId { get; init; }

    public string? TargetStream { get; init; }

    public required int RatePerSecond { get; init; }

    /// <summary>
    /// The archive query of one page after <paramref name="cursor"/>, never past <paramref name="createdAt"/>: events
    /// archived after the job was created, its own replays among them, are not part of it (else a filter without
    /// <c>to</c> would find its own replays and run for ever).
    /// </summary>
    public ArchiveQuery Query(string? cursor, int limit, DateTimeOffset createdAt) => new()
    {
        From = From,
        To = To is { } to && to < createdAt ? to : createdAt,
        Stream = Stream,
        Type = Type,
        CorrelationId = CorrelationId,
        Kind = ArchiveKind.Event,
        Cursor = cursor,
        Limit = limit,
    };

    /// <summary>
    /// A digest of every field, so that a second request with the same Idempotency-Key can be told apart from a
    /// retry of the first (the same key with another body is refused, not silently answered with the first job).
    /// </summary>
    public string Digest()
    {
        var text = string.Join(
            '\n',
            From?.UtcTicks.ToString(CultureInfo.InvariantCulture),
            To?.UtcTicks.ToString(CultureInfo.InvariantCulture),
            Stream,
            Type,
            CorrelationId,
            TargetStream,
            RatePerSecond.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
