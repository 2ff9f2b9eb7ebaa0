using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Chaos;

/// <summary>The host both roles run in: logs (Warning and up, one line each) on stderr, so stdout carries only <see cref="ChaosProtocol"/> lines.</summary>
internal static class ChaosHost
{
    public static HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    /// <summary>One protocol line; Console.Out is synchronized and flushes each write when redirected.</summary>
    public static void Say(string line) => Console.Out.WriteLine(line);
}
