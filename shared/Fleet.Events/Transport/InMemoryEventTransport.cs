using Fleet.Events.Transport;
using Fleet.Events.Transport.InMemory;

namespace Fleet.Events;

/// <summary>
/// The event bus's storage inside one process, with the semantics of Redis Streams consumer groups: entries with
/// <c>ms-seq</c> ids, groups with last-delivered ids, pending lists with owners, idle times and delivery counts,
/// claims, dead letters, idempotency marks with expiry, delayed events and Pub/Sub with glob patterns.
/// </summary>
/// <remarks>
/// Use it for fast unit tests of handlers, and to run a whole fleet in one process during development: pass one
/// instance to several hosts (<see cref="FleetEventsBuilder.UseInMemory"/>) and they share streams and groups as
/// services on one Redis do. Time (entry ids, idle times, mark expiry, blocking reads) comes from the
/// <see cref="TimeProvider"/>, so a fake clock drives all of it. Nothing is persisted. Thread-safe.
/// </remarks>
public sealed partial class InMemoryEventTransport : IEventTransport, IDisposable
{
    // One lock guards every key: commands are atomic as Redis commands and scripts are. It is never held while
    // awaiting or while calling user code (handlers run on their subscription's pump).
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, InMemoryStream> _streams = new(StringComparer.Ordinal);

    // Readers blocked on a key wait for its signal; an append to the key or its deletion completes it.
    private readonly Dictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates an empty transport on the system clock.</summary>
    public InMemoryEventTransport()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty transport whose ids, idle times, expiries and block timeouts follow <paramref name="timeProvider"/>.</summary>
    public InMemoryEventTransport(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    // Nothing to lose and restore in one process.
    event EventHandler? IEventTransport.Restored
    {
        add { }
        remove { }
    }

    string IEventTransport.Endpoint => "in-memory";

    // Always there: it lives in this process.
    bool IEventTransport.IsReachable => true;

    /// <inheritdoc/>
    string? IEventTransport.ConfigurationError => null;

    ValueTask<bool> IEventTransport.WaitReachableAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

    /// <summary>Stops the transport: blocked reads end with <see cref="ObjectDisposedException"/> and subscriptions stop delivering.</summary>
    public void Dispose()
    {
        List<InMemorySubscription> subscriptions;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var signal in _signals.Values)
            {
                signal.TrySetResult();
            }

            _signals.Clear();
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Stop();
        }
    }

    /// <summary>Stops the transport like <see cref="Dispose"/> (nothing here needs awaiting).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    bool IEventTransport.IsUnavailable(Exception error) => false;

    /// <summary>
    /// DEL: removes <paramref name="key"/> whatever it holds (a stream with its groups and pending lists, a mark, a
    /// sorted set), as a Redis restart without persistence would; readers blocked on a deleted stream's group end
    /// with <see cref="ConsumerGroupLostException"/>.
    /// </summary>
    internal void Delete(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _streams.Remove(key);
            _marks.Remove(key);
            _keyspace?.Remove(key);
            _sortedSets.Remove(key);
            Wake(key);
        }
    }

    private long NowMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    // Call with the lock held.
    private void Wake(string key)
    {
        if (_signals.Remove(key, out var signal))
        {
            signal.TrySetResult();
        }
    }

    // Call with the lock held; continuations run asynchronously, so completing the signal never runs a reader under the lock.
    private Task SignalOf(string key)
    {
        if (!_signals.TryGetValue(key, out var signal))
        {
            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _signals.Add(key, signal);
        }

        return signal.Task;
    }

    // Call with the lock held.
    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>The deadline of a BLOCK: null for forever (BLOCK 0, as Redis reads it).</summary>
    private DateTimeOffset? DeadlineOf(TimeSpan block) => block <= TimeSpan.Zero ? null : _time.GetUtcNow() + block;

    /// <summary>Waits for <paramref name="signal"/> until <paramref name="deadline"/>; false when the deadline passed first.</summary>
    private async Task<bool> WaitAsync(Task signal, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (deadline is not { } until)
        {
            await signal.WaitAsync(cancellationToken);
            return true;
        }

        var remaining = until - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        try
        {
            await signal.WaitAsync(remaining, _time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
