using System.Text.Json.Serialization;

namespace Fleet.Contracts;

/// <summary>Whether a trend begins or ends with this tick.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrendPhase>))]
public enum TrendPhase
{
    /// <summary>The signal's condition became true.</summary>
    [JsonStringEnumMemberName("started")]
    Started = 0,

    /// <summary>The signal's condition stopped being true.</summary>
    [JsonStringEnumMemberName("ended")]
    Ended = 1,
}
