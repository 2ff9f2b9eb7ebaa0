using System.Text.Json.Serialization;
using Fleet.MarketMonitor.Feeds;

namespace Fleet.MarketMonitor.Collector;

/// <summary>The checkpoint's JSON (camelCase; docs/services/market-monitor.md, "Checkpoint").</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FeedState))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
