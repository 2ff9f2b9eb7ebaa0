using System.Text.Json.Serialization;

namespace Fleet.Contracts;

/// <summary>A way notifier delivers a notification.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationChannel>))]
public enum NotificationChannel
{
    /// <summary>A structured log line (always available).</summary>
    [JsonStringEnumMemberName("log")]
    Log = 0,

    /// <summary>An HTTP POST of JSON, signed with HMAC-SHA256.</summary>
    [JsonStringEnumMemberName("webhook")]
    Webhook = 1,

    /// <summary>An e-mail over SMTP.</summary>
    [JsonStringEnumMemberName("email")]
    Email = 2,
}
