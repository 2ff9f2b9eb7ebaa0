using System.Text.Json.Serialization;

namespace Fleet.Contracts;

/// <summary>How urgent a piece of work is: high is served before normal before low, and low is never starved (ADR 0007).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Priority>))]
public enum Priority
{
    /// <summary>The default.</summary>
    [JsonStringEnumMemberName("normal")]
    Normal = 0,

    /// <summary>Served first.</summary>
    [JsonStringEnumMemberName("high")]
    High = 1,

    /// <summary>Served last, but never starved.</summary>
    [JsonStringEnumMemberName("low")]
    Low = 2,
}
