using System.Text.Json;

namespace Fleet.EventGateway.Api.Publishing;

/// <summary>The body of <c>POST /events</c> as the OpenAPI document describes it (the endpoint reads it field by field).</summary>
/// <param name="Type">A registered event type, e.g. <c>file.uploaded</c>.</param>
/// <param name="Version">Its version; default the registered one.</param>
/// <param name="Data">The payload, a JSON object its contract accepts.</param>
/// <param name="CorrelationId">A ULID, or absent.</param>
/// <param name="CausationId">A ULID, or absent.</param>
/// <param name="UserId">A user id token, or absent.</param>
/// <param name="Metadata">String metadata, or absent.</param>
/// <param name="Stream">One of the type's streams; default its first.</param>
internal sealed record PublishEventRequest(
    string Type,
    int? Version,
    JsonElement Data,
    string? CorrelationId,
    string? CausationId,
    string? UserId,
    IReadOnlyDictionary<string, string>? Metadata,
    string? Stream);
