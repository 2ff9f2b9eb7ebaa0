using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Events.Tests.Consumers;

/// <summary>Collects Fleet.Events' log records of a host: event id, level and the formatted message.</summary>
internal sealed class LogCollector : ILoggerProvider, ILogger
{
    public ConcurrentQueue<(int Id, LogLevel Level, string Message)> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("Fleet.Events", StringComparison.Ordinal) ? this : NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Records.Enqueue((eventId.Id, logLevel, formatter(state, exception)));

    public void Dispose()
    {
    }
}
