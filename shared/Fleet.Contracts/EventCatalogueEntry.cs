namespace Fleet.Contracts;

/// <summary>One event type of the fleet: where it travels, who writes it and who reads it.</summary>
/// <param name="Name">The type name in the envelope.</param>
/// <param name="Version">Its current version.</param>
/// <param name="Streams">The streams it is published to.</param>
/// <param name="Producers">The services (or outside systems) that publish it.</param>
/// <param name="Consumers">The consumer groups that handle it (other groups acknowledge it without work).</param>
/// <param name="Pattern">How it is used: event, request or response.</param>
/// <param name="Record">The record type.</param>
/// <param name="Description">What it means, in one sentence.</param>
public sealed record EventCatalogueEntry(
    string Name,
    int Version,
    IReadOnlyList<string> Streams,
    IReadOnlyList<string> Producers,
    IReadOnlyList<string> Consumers,
    string Pattern,
    Type Record,
    string Description);
