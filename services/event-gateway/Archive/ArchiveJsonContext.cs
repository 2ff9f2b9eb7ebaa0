using System.Text.Json.Serialization;

namespace Fleet.EventGateway.Archive;

/// <summary>Source-generated JSON of the archive's own columns (the reasons object of a dead letter).</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext;
