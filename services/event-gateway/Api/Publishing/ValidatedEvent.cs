using Fleet.Events;

namespace Fleet.EventGateway.Api.Publishing;

/// <summary>An event of a request that passed every rule: its record (already read and validated), stream and envelope options.</summary>
internal sealed record ValidatedEvent(string Type, string Stream, object Data, PublishOptions Options);
