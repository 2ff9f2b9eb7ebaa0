using System.Globalization;
using Fleet.Contracts;
using Fleet.Notifier.Delivery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Notifier.Tests.Support;

/// <summary>notifier's services as Program.cs registers them (AddNotifier), on settings a test gives.</summary>
internal static class NotifierServices
{
    public const string Secret = "fleet-test-signing-secret-0123456789abcdef";

    /// <summary>Settings every test starts from: a signing secret and short backoff delays; <paramref name="settings"/> add or override.</summary>
    public static IConfiguration Configuration(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Notifier:Webhook:SigningSecret"] = Secret,
            ["Notifier:Webhook:RetryDelay"] = "00:00:00.010",
            ["Notifier:Smtp:RetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>E-mail through the test's SMTP sink on <paramref name="port"/>, plain text.</summary>
    public static Dictionary<string, string?> Smtp(int port, int maxAttempts = 3) => new()
    {
        ["Notifier:Smtp:Host"] = "127.0.0.1",
        ["Notifier:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Notifier:Smtp:Security"] = "None",
        ["Notifier:Smtp:From"] = "fleet@notifier.test",
        ["Notifier:Smtp:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
    };

    public static ServiceProvider Build(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNotifier(Configuration(settings));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }

    public static INotificationChannel Channel(this IServiceProvider services, NotificationChannel channel) =>
        services.GetServices<INotificationChannel>().Single(c => c.Channel == channel);

    public static Notification Notification(string userId = "alice") => new(
        "01JDZZ0000000000000000000A",
        "01JDZZ0000000000000000000C:file.processed",
        userId,
        "file.processed",
        "report.pdf is ready",
        "12 chunks, 12 vectors.",
        "01JDZZ0000000000000000000F",
        new DateTimeOffset(2026, 12, 2, 7, 0, 0, 123, TimeSpan.Zero));
}
