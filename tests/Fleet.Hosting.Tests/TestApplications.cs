using Fleet.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Fleet.Hosting.Tests;

/// <summary>Builds Fleet services in the test process, configured only by the settings a test gives.</summary>
internal static class TestApplications
{
    /// <summary>
    /// A builder whose configuration is exactly <paramref name="settings"/>: the test machine's environment (a stray
    /// REDIS_URL) must not decide a test's outcome.
    /// </summary>
    public static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    /// <summary>A Fleet service named <c>hosting-tests</c> on <paramref name="settings"/> with its endpoints mapped.</summary>
    public static WebApplication Service(Dictionary<string, string?> settings, Action<FleetEventsBuilder>? configure = null)
    {
        var builder = Builder(settings);
        var events = builder.AddFleetService("hosting-tests");
        configure?.Invoke(events);
        var app = builder.Build();
        app.MapFleetEndpoints();
        return app;
    }

    /// <summary>A name no other test uses (a stream, a group, an instance).</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
