using System.Text.Json;
using Fleet.EventGateway.Archive;
using NUlid;

namespace Fleet.EventGateway.Tests.Replay;

/// <summary>Archive rows for tests: real envelopes' fields, as the archiver writes them.</summary>
internal static class ArchivedEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>An event of <paramref name="type"/> on <paramref name="stream"/> at <see cref="Start"/> + <paramref name="second"/> seconds.</summary>
    public static ArchivedEvent Event(string stream, string type, int second, string? correlationId = null, string? metadata = null) => new()
    {
        Id = Ulid.NewUlid(Start.AddSeconds(second)).ToString(),
        Type = type,
        Version = 1,
        Timestamp = Start.AddSeconds(second),
        CorrelationId = correlationId,
        CausationId = null,
        UserId = "user-7",
        Stream = stream,
        EntryId = $"{Start.AddSeconds(second).ToUnixTimeMilliseconds()}-0",
        Kind = ArchiveKind.Event,
        Data = JsonDocument.Parse($$"""{"n":{{second}},"symbol":"ACME"}""").RootElement.Clone(),
        Metadata = metadata is null ? null : JsonDocument.Parse(metadata).RootElement.Clone(),
        ArchivedAt = Start.AddSeconds(second + 1),
    };
}
