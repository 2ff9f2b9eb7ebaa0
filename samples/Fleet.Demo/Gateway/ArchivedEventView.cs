namespace Fleet.Demo.Gateway;

/// <summary>What the demo reads of an archived event (the gateway's ArchivedEvent, camelCase JSON).</summary>
internal sealed record ArchivedEventView(string Id, string Type, DateTimeOffset Timestamp, string Stream, string EntryId, string? CorrelationId);
