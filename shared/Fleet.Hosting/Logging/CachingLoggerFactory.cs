using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fleet.Hosting.Logging;

/// <summary>
/// Hands out one logger per category, as Microsoft's LoggerFactory does. Serilog's factory (registered by AddSerilog with
/// writeToProviders) builds a new logger with its own property cache on every CreateLogger, and ASP.NET Core asks for one
/// on every request (each authentication handler, each JSON result): thousands of short-lived loggers a second, the
/// largest single source of garbage on the event-gateway's publish path. Loggers are thread-safe and bound only to their
/// category, so one per category serves every caller.
/// </summary>
internal sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);
    private readonly Func<string, ILogger> _create = inner.CreateLogger;

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, _create);

    // A provider added later reaches only loggers created after it, in Serilog's factory as in Microsoft's.
    public void AddProvider(ILoggerProvider provider)
    {
        inner.AddProvider(provider);
        _loggers.Clear();
    }

    public void Dispose() => inner.Dispose();
}
