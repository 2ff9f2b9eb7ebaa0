using System.Text.Json.Serialization;

namespace Fleet.Hosting.TestService;

[JsonSerializable(typeof(Pinged))]
[JsonSerializable(typeof(LeaderBeat))]
internal sealed partial class TestServiceJsonContext : JsonSerializerContext;
