using Fleet.Contracts;
using Fleet.Events;
using Fleet.Testing;

namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>The users a test makes up, and what it does for them before notifications can reach them.</summary>
internal static class Users
{
    /// <summary>How long notifier may take to keep new preferences on a busy machine (a failure guard).</summary>
    private static readonly TimeSpan PreferencesLimit = TimeSpan.FromSeconds(300);

    /// <summary>A user id unique to this run, e.g. <c>e2e-pdf-3f9a1c</c>.</summary>
    public static string New(string purpose) => $"e2e-{purpose}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4])}";

    /// <summary>Publishes <paramref name="preferences"/> on user.events and waits until notifier keeps them in Redis.</summary>
    public static async Task SetPreferencesAsync(FleetBus bus, UserPreferencesUpdated preferences)
    {
        var userId = preferences.UserId;
        await bus.Publisher.PublishAsync(FleetStreams.User, preferences, new PublishOptions { UserId = userId }, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(
            async () => (await bus.State.PreferencesAsync(userId)).TryGetValue("webhook_url", out var url) && (string?)url == preferences.WebhookUrl,
            $"notifier keeps {userId}'s preferences in {bus.State.Keys.Preferences(userId)}",
            PreferencesLimit);
    }
}
