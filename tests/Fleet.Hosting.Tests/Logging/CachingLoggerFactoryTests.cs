using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Hosting.Tests.Logging;

public sealed class CachingLoggerFactoryTests
{
    [Fact]
    public async Task CreateLogger_SameCategoryTwice_OneLoggerPerCategory()
    {
        // ASP.NET Core asks the factory for a logger on every request (authentication handlers, JSON results); Serilog's
        // factory alone would build a new one with its own caches each time.
        await using var app = TestApplications.Service(new() { ["ConnectionStrings:Redis"] = "redis://127.0.0.1:1" });
        var factory = app.Services.GetRequiredService<ILoggerFactory>();

        var first = factory.CreateLogger("Fleet.Tests.Category");

        Assert.Same(first, factory.CreateLogger("Fleet.Tests.Category"));
        Assert.NotSame(first, factory.CreateLogger("Fleet.Tests.Other"));
        Assert.True(first.IsEnabled(LogLevel.Information));
    }
}
