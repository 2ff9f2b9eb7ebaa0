using System.Globalization;
using Fleet.Contracts;

namespace Fleet.Notifier.Preferences;

/// <summary>
/// The fields of a user's preferences hash (docs/fleet.md): <c>channels</c> (comma-separated lower-case names),
/// <c>webhook_url</c>, <c>email</c> (absent when not set) and <c>updated_at</c> (the event's timestamp, RFC 3339 UTC
/// with 100 ns digits, so an update is compared with the one stored to the tick).
/// </summary>
internal static class PreferenceFields
{
    public const string Channels = "channels";
    public const string WebhookUrl = "webhook_url";
    public const string Email = "email";
    public const string UpdatedAt = "updated_at";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string FormatChannels(IEnumerable<NotificationChannel> channels) =>
        string.Join(',', channels.Select(ChannelName));

    /// <summary>Reads the channels; a name this version does not know is skipped (a newer notifier may have added one).</summary>
    public static IReadOnlyList<NotificationChannel> ParseChannels(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var channels = new List<NotificationChannel>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParseChannel(name, out var channel) && !channels.Contains(channel))
            {
                channels.Add(channel);
            }
        }

        return channels;
    }

    public static string ChannelName(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Log => "log",
        NotificationChannel.Webhook => "webhook",
        NotificationChannel.Email => "email",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp)
            ? timestamp
            : null;

    /// <summary>The preferences a hash holds; a missing or empty hash is <see cref="UserPreferences.Default"/>.</summary>
    public static UserPreferences FromHash(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            return UserPreferences.Default;
        }

        return new UserPreferences(
            ParseChannels(fields.GetValueOrDefault(Channels)),
            NullIfEmpty(fields.GetValueOrDefault(WebhookUrl)),
            NullIfEmpty(fields.GetValueOrDefault(Email)),
            ParseTimestamp(fields.GetValueOrDefault(UpdatedAt)));
    }

    private static bool TryParseChannel(string name, out NotificationChannel channel)
    {
        foreach (var candidate in Enum.GetValues<NotificationChannel>())
        {
            if (ChannelName(candidate) == name)
            {
                channel = candidate;
                return true;
            }
        }

        channel = default;
        return false;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
