using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.EventGateway.Api.DeadLetters;
using Fleet.EventGateway.Api.Hosting;
using Fleet.EventGateway.Api.Publishing;
using Fleet.EventGateway.Api.Queries;
using Fleet.EventGateway.Api.Stats;
using Fleet.EventGateway.Archive;

namespace Fleet.EventGateway.Api;

/// <summary>The API's JSON contracts, source-generated (no reflection per request): camelCase, enums as camelCase strings.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(CamelCaseEnumConverter<ArchiveKind>)])]
[JsonSerializable(typeof(PublishEventRequest))]
[JsonSerializable(typeof(PublishBatchRequest))]
[JsonSerializable(typeof(PublishResponse))]
[JsonSerializable(typeof(PublishBatchResponse))]
[JsonSerializable(typeof(ArchivePage))]
[JsonSerializable(typeof(ArchivedEvent))]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(DeadLetterPage))]
[JsonSerializable(typeof(DeadLetterEntry))]
[JsonSerializable(typeof(DeadLetterRequest))]
[JsonSerializable(typeof(DeadLetterRequestAccepted))]
internal sealed partial class GatewayApiJsonContext : JsonSerializerContext;
