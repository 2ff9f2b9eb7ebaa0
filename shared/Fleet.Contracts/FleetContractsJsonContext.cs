using System.Text.Json.Serialization;

namespace Fleet.Contracts;

/// <summary>The source-generated JSON contracts of every fleet event (snake_case, enums as their lower-case names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FileUploaded))]
[JsonSerializable(typeof(FileProcessingStarted))]
[JsonSerializable(typeof(FileTextExtracted))]
[JsonSerializable(typeof(FileProcessed))]
[JsonSerializable(typeof(FileProcessingFailed))]
[JsonSerializable(typeof(EmbeddingGenerationRequested))]
[JsonSerializable(typeof(EmbeddingGenerationCompleted))]
[JsonSerializable(typeof(EmbeddingGenerationFailed))]
[JsonSerializable(typeof(EmbeddingSearchRequested))]
[JsonSerializable(typeof(EmbeddingSearchCompleted))]
[JsonSerializable(typeof(EmbeddingSearchFailed))]
[JsonSerializable(typeof(NotificationRequested))]
[JsonSerializable(typeof(NotificationDelivered))]
[JsonSerializable(typeof(NotificationFailed))]
[JsonSerializable(typeof(UserPreferencesUpdated))]
[JsonSerializable(typeof(UserTierChanged))]
public sealed partial class FleetContractsJsonContext : JsonSerializerContext;
