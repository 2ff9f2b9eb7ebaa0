using System.Text.Json.Serialization;

namespace Fleet.Contracts;

/// <summary>A user's plan; file-processor derives the default priority of the user's uploads from it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UserTier>))]
public enum UserTier
{
    /// <summary>The free plan.</summary>
    [JsonStringEnumMemberName("free")]
    Free = 0,

    /// <summary>The paid plan.</summary>
    [JsonStringEnumMemberName("pro")]
    Pro = 1,

    /// <summary>The enterprise plan.</summary>
    [JsonStringEnumMemberName("enterprise")]
    Enterprise = 2,
}
