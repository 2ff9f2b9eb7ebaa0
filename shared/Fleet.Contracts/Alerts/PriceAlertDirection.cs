using System.Text.Json.Serialization;

namespace Fleet.Contracts;

/// <summary>Which crossing of the threshold a price alert is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PriceAlertDirection>))]
public enum PriceAlertDirection
{
    /// <summary>The price rises to or above the threshold.</summary>
    [JsonStringEnumMemberName("above")]
    Above = 0,

    /// <summary>The price falls to or below the threshold.</summary>
    [JsonStringEnumMemberName("below")]
    Below = 1,
}
