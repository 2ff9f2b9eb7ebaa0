using System.Text.Json.Serialization;

namespace Fleet.Contracts;

/// <summary>Which way a trend goes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrendDirection>))]
public enum TrendDirection
{
    /// <summary>Prices rising (a bullish crossover, or RSI oversold turning).</summary>
    [JsonStringEnumMemberName("up")]
    Up = 0,

    /// <summary>Prices falling.</summary>
    [JsonStringEnumMemberName("down")]
    Down = 1,
}
