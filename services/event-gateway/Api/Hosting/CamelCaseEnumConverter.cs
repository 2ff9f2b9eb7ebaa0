using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.EventGateway.Api.Hosting;

/// <summary>Writes and reads <typeparamref name="TEnum"/> as camelCase strings (<c>deadLetter</c>), as the API's JSON is camelCase.</summary>
internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
