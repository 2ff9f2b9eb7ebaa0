using Fleet.Contracts;
using Fleet.Notifier.Preferences;

namespace Fleet.Notifier.Tests.Preferences;

public sealed class PreferencesPolicyTests
{
    private static readonly DateTimeOffset Kept = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("http://hooks.example.com/fleet")]
    [InlineData("https://hooks.example.com:8443/fleet?user=1")]
    [InlineData(null)]
    [InlineData("")]
    public void WebhookUrlProblem_HttpOrHttpsOrNone_IsNull(string? url) =>
        Assert.Null(PreferencesPolicy.WebhookUrlProblem(url));

    [Theory]
    [InlineData("ftp://files.example.com/in", "'ftp'")]
    [InlineData("file:///etc/passwd", "'file'")]
    [InlineData("/relative/hook", "'file'")] // a rooted path is a file:// URI on Unix
    [InlineData("hooks.example.com", "absolute")]
    public void WebhookUrlProblem_OtherSchemesOrRelative_SaysWhy(string url, string expected)
    {
        var problem = PreferencesPolicy.WebhookUrlProblem(url);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("http", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void IsStale_OlderThanTheKeptUpdate_IsTrue() =>
        Assert.True(PreferencesPolicy.IsStale(Stored(Kept), Kept.AddTicks(-1)));

    [Fact]
    public void IsStale_SameOrNewerOrNothingKept_IsFalse()
    {
        Assert.False(PreferencesPolicy.IsStale(Stored(Kept), Kept));
        Assert.False(PreferencesPolicy.IsStale(Stored(Kept), Kept.AddMilliseconds(1)));
        Assert.False(PreferencesPolicy.IsStale(UserPreferences.Default, Kept));
    }

    [Fact]
    public void FromHash_FieldsWrittenByTheHandler_RoundTrip()
    {
        var timestamp = new DateTimeOffset(2026, 12, 2, 10, 30, 45, 123, TimeSpan.Zero).AddTicks(4567);
        var hash = new Dictionary<string, string>
        {
            [PreferenceFields.Channels] = PreferenceFields.FormatChannels([NotificationChannel.Webhook, NotificationChannel.Email]),
            [PreferenceFields.WebhookUrl] = "https://hooks.example.com/x",
            [PreferenceFields.Email] = "user@example.com",
            [PreferenceFields.UpdatedAt] = PreferenceFields.FormatTimestamp(timestamp),
        };

        var preferences = PreferenceFields.FromHash(hash);

        Assert.Equal([NotificationChannel.Webhook, NotificationChannel.Email], preferences.Channels);
        Assert.Equal("https://hooks.example.com/x", preferences.WebhookUrl);
        Assert.Equal("user@example.com", preferences.Email);
        Assert.Equal(timestamp, preferences.UpdatedAt);
    }

    [Fact]
    public void FromHash_NoHash_IsLogOnly()
    {
        var preferences = PreferenceFields.FromHash(new Dictionary<string, string>());

        Assert.Equal([NotificationChannel.Log], preferences.EffectiveChannels);
    }

    private static UserPreferences Stored(DateTimeOffset updatedAt) => new([NotificationChannel.Log], null, null, updatedAt);
}
