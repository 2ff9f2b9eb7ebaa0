using Fleet.Contracts;
using Fleet.Notifier.Delivery;
using Fleet.Notifier.Preferences;
using Fleet.Notifier.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Notifier.Tests.Delivery;

public sealed class NotificationDispatcherTests
{
    private static readonly UserPreferences LogAndEmail = new([NotificationChannel.Log, NotificationChannel.Email], null, "alice@example.com", null);

    [Fact]
    public async Task DispatchAsync_OverTheUsersLimit_FailsEveryChannelWithRateLimited()
    {
        await using var services = NotifierServices.Build(new Dictionary<string, string?> { ["Notifier:RateLimit:PerMinute"] = "1" });
        var dispatcher = services.GetRequiredService<NotificationDispatcher>();
        await dispatcher.DispatchAsync(NotifierServices.Notification(), LogAndEmail, new HashSet<NotificationChannel>(), TestContext.Current.CancellationToken);

        var outcomes = await dispatcher.DispatchAsync(NotifierServices.Notification(), LogAndEmail, new HashSet<NotificationChannel>(), TestContext.Current.CancellationToken);

        Assert.Equal([NotificationChannel.Log, NotificationChannel.Email], outcomes.Select(o => o.Channel));
        Assert.All(outcomes, o => Assert.Equal((FailureReasons.RateLimited, 0), (o.Reason, o.Attempts)));
        var other = await dispatcher.DispatchAsync(NotifierServices.Notification("bob"), UserPreferences.Default, new HashSet<NotificationChannel>(), TestContext.Current.CancellationToken);
        Assert.True(Assert.Single(other).Delivered);
    }

    [Fact]
    public async Task DispatchAsync_ChannelsAlreadyDone_AreSkippedAndTakeNoPermit()
    {
        await using var services = NotifierServices.Build(new Dictionary<string, string?> { ["Notifier:RateLimit:PerMinute"] = "1" });
        var dispatcher = services.GetRequiredService<NotificationDispatcher>();

        var none = await dispatcher.DispatchAsync(NotifierServices.Notification(), LogAndEmail, new HashSet<NotificationChannel> { NotificationChannel.Log, NotificationChannel.Email }, TestContext.Current.CancellationToken);
        var rest = await dispatcher.DispatchAsync(NotifierServices.Notification(), LogAndEmail, new HashSet<NotificationChannel> { NotificationChannel.Log }, TestContext.Current.CancellationToken);

        Assert.Empty(none);
        var email = Assert.Single(rest);
        Assert.Equal(NotificationChannel.Email, email.Channel);
        Assert.Equal(FailureReasons.NotConfigured, email.Reason);
    }
}
