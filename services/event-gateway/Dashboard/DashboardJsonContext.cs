using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.EventGateway.Dashboard.Tail;

namespace Fleet.EventGateway.Dashboard;

/// <summary>The dashboard's JSON (camelCase, nulls left out), generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(TailEvent))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
