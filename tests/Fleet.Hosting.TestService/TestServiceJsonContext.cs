using System.Text.Json.Serialization;

namespace Fleet.Hosting.TestService;

[JsonSerializable(typeof(Pinged))]
internal sealed partial class TestServiceJsonContext : JsonSerializerContext;
