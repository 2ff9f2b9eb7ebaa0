using Fleet.Contracts;

namespace Fleet.Notifier.Preferences;

/// <summary>A user's channels and addresses as notifier keeps them.</summary>
/// <param name="Channels">The channels to deliver on; empty means log only.</param>
/// <param name="WebhookUrl">The webhook URL, or null.</param>
/// <param name="Email">The e-mail address, or null.</param>
/// <param name="UpdatedAt">The timestamp of the <c>user.preferences.updated</c> event they came from; null for the default.</param>
internal sealed record UserPreferences(
    IReadOnlyList<NotificationChannel> Channels,
    string? WebhookUrl,
    string? Email,
    DateTimeOffset? UpdatedAt)
{
    /// <summary>A user who never set preferences: log only.</summary>
    public static UserPreferences Default { get; } = new([], null, null, null);

    /// <summary>The channels to deliver on: the chosen ones, or log when none is chosen.</summary>
    public IReadOnlyList<NotificationChannel> EffectiveChannels => Channels.Count == 0 ? [NotificationChannel.Log] : Channels;
}
