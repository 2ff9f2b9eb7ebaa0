using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fleet.Testing;

/// <summary>Collects the event ids of log records, so a test can wait for one (a state, not a delay).</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _seen = new();

    /// <summary>Completes when a record with <paramref name="eventId"/> was logged (before or after the call).</summary>
    public Task Seen(int eventId) => Source(eventId).Task;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private TaskCompletionSource Source(int eventId) =>
        _seen.GetOrAdd(eventId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Source(eventId.Id).TrySetResult();
    }
}
