using System.Threading.Channels;
using Fleet.Events.DeadLetters;
using Fleet.Events.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Consumers;

/// <summary>
/// One consumer group of this process (DESIGN.md sections 4, 6, 7, 8): this instance joins the group as the consumer
/// named <see cref="FleetEventsOptions.InstanceName"/> and runs, as tasks it owns and awaits at stop:
/// <list type="bullet">
/// <item>the read loop: first this consumer's own pending entries (a restarted instance finishes its in-flight work),
/// then new entries (XREADGROUP &gt;, blocking, never more than <see cref="ConsumerGroupOptions.Prefetch"/> in hand);
/// it re-creates the group when Redis lost it and backs off while Redis is unreachable;</item>
/// <item>the claim loop: entries of the group idle past the processing timeout (a crashed or stopped consumer's, or
/// this one's that failed) are claimed (XAUTOCLAIM) and processed like new ones;</item>
/// <item>the dispatcher: runs the entries through the <see cref="DeliveryProcessor"/> with the configured concurrency,
/// in stream order per partition key;</item>
/// <item>the <see cref="AckBatcher"/> and the statistics sampler (lag, pending, stream length, DLQ depth).</item>
/// </list>
/// </summary>
internal sealed partial class ConsumerGroupService : IHostedService, IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AckFlushTimeout = TimeSpan.FromSeconds(2);

    private readonly IEventTransport _transport;
    private readonly EventTypeRegistry _registry;
    private readonly StreamKeys _keys;
    private readonly FleetEventsOptions _fleetOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IServiceScopeFactory _scopes;
    private readonly ConsumerHealthRegistry _health;
    private readonly ConsumerGroupOptions _options;
    private readonly ConsumerIdentity _identity;
    private readonly PrefetchWindow _window;
    private readonly ConsumerLoopState _state;
    private readonly InstanceLease _lease;
    private readonly Channel<InboundBatch> _inbox = Channel.CreateUnbounded<InboundBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _abort = new();
    private AckBatcher? _acks;
    private DeliveryDispatcher? _dispatcher;
    private DeliveryProcessor? _processor;
    private Task _dispatcherTask = Task.CompletedTask;
    private Task _loops = Task.CompletedTask;
    private ITimer? _watchdog;
    private int _groupCheck;
    private bool _started;

    public ConsumerGroupService(
        ConsumerGroupDefinition definition,
        IEventTransport transport,
        EventTypeRegistry registry,
        StreamKeys keys,
        IOptions<FleetEventsOptions> options,
        TimeProvider time,
        ILogger<ConsumerGroupService> logger,
        IServiceScopeFactory scopes,
        ConsumerHealthRegistry health,
        IHostApplicationLifetime? lifetime = null)
    {
        Definition = definition;
        _transport = transport;
        _registry = registry;
        _keys = keys;
        _fleetOptions = options.Value;
        _time = time;
        _logger = logger;
        _scopes = scopes;
        _health = health;
        _options = definition.Options;
        _identity = new ConsumerIdentity(keys, definition.Stream, definition.Group, _fleetOptions.InstanceName);
        _window = new PrefetchWindow(_options.Prefetch);
        _state = new ConsumerLoopState(_identity, _options, _window);
        _lease = new InstanceLease(_identity, transport, _fleetOptions, time, logger, lifetime);
    }

    private ConsumerGroupDefinition Definition { get; }

    /// <summary>What the read loop must do about the group before it reads again.</summary>
    private enum GroupCheck
    {
        None,

        /// <summary>Creating it at start failed (Redis unreachable): create it at <see cref="ConsumerGroupOptions.StartPosition"/>.</summary>
        AtStart,

        /// <summary>The connection came back: create it from <c>0</c> if Redis lost it meanwhile (counted as re-created).</summary>
        AfterRestore,

        /// <summary>A read found it missing (counted already): create it from <c>0</c>.</summary>
        AfterLoss,
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var handlers = ResolveHandlers();
        _options.Validate(_identity.Group);
        _acks = new AckBatcher(
            (ids, ct) => _transport.AckAsync(_identity.StreamKey, _identity.Group, ids, ct),
            _window.Complete,
            CountLost,
            _options.AckBatchSize,
            _identity,
            _time,
            _logger);
        var deadLetters = new DeadLetterWriter(_transport, _identity, _fleetOptions.DeadLetterRetention, _time, _logger);
        var processor = _processor = new DeliveryProcessor(_identity, _options, _transport, _registry, handlers, _scopes, _time, _logger, _acks, _window, deadLetters, _fleetOptions.MaxEventBytes, _abort.Token);
        _dispatcher = handlers.Values.Any(h => h.Registration is BatchHandlerRegistration)
            ? new BatchDispatcher(_inbox.Reader, processor, _window, _identity, _time, _logger, _options.Concurrency, _stopReading.Token, _abort.Token)
            : _options.Concurrency == 1
            ? new SequentialDispatcher(_inbox.Reader, processor, _window, _identity, _time, _logger, _stopReading.Token, _abort.Token)
            : new PartitionedDispatcher(_inbox.Reader, processor, _window, _identity, _time, _logger, _options.Concurrency, _stopReading.Token, _abort.Token);
        _health.Register(_state);

        // Started before Redis (a container before its Redis): the name and the group are settled once it is reachable.
        var reachable = await _transport.WaitReachableAsync(cancellationToken);
        try
        {
            // Before anything is read under this consumer name: a second live process with the same name stops here.
            await _lease.StartAsync(reachable, cancellationToken);
        }
        catch (InstanceNameInUseException e)
        {
            _state.Failed(e, _time.GetUtcNow());
            throw;
        }

        try
        {
            await EnsureGroupAtStartAsync(reachable, cancellationToken);
        }
        catch
        {
            // Not started, so StopAsync will not run: end the renewal and release the name here, or it stays taken.
            await _lease.StopAsync(CancellationToken.None);
            throw;
        }

        _transport.Restored += OnRestored;
        _started = true;
        _state.Started(_time.GetUtcNow(), _dispatcher);
        _acks.Start();

        // The processing-timeout watchdog: one timer for every slot instead of a timer armed per delivery.
        var watchPeriod = TimeSpan.FromTicks(Math.Clamp(_options.ProcessingTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _watchdog = _time.CreateTimer(static state => ((ConsumerGroupService)state!).CancelOverdueHandlers(), this, watchPeriod, watchPeriod);
        _dispatcherTask = Task.Run(_dispatcher.RunAsync, CancellationToken.None);
        _loops = Task.WhenAll(
            Task.Run(ReadLoopAsync, CancellationToken.None),
            Task.Run(ClaimLoopAsync, CancellationToken.None),
            Task.Run(StatisticsLoopAsync, CancellationToken.None));
        Log.ConsumerStarted(_logger, _identity.Stream, _identity.Group, _identity.Consumer, _options.Concurrency, _options.Prefetch);
    }

    /// <summary>
    /// Stops reading at once (a blocked XREADGROUP is cancelled), lets handlers in progress finish within
    /// <see cref="ConsumerGroupOptions.ShutdownTimeout"/>, then cancels them and sends the acknowledgements queued.
    /// Entries not finished stay pending: this consumer finishes them at its next start, or another claims them.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        var began = _time.GetTimestamp();
        _transport.Restored -= OnRestored;
        await _stopReading.CancelAsync();

        // Not running from here on: readiness drops while handlers finish, and nothing new is read.
        _state.Stopped();
        await WaitAsync(_loops, Remaining(began), cancellationToken);
        _inbox.Writer.TryComplete();
        if (!await WaitAsync(_dispatcherTask, Remaining(began), cancellationToken))
        {
            Log.ShutdownTimeoutReached(_logger, _identity.Stream, _identity.Group, _identity.Consumer, _window.InHand, _options.ShutdownTimeout.TotalMilliseconds);
            await _abort.CancelAsync();
            if (!await WaitAsync(_dispatcherTask, StopGrace, CancellationToken.None))
            {
                Log.HandlerIgnoredCancellation(_logger, _identity.Stream, _identity.Group, _identity.Consumer);
            }
        }

        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync();
        }

        await _acks!.StopAsync(cancellationToken.IsCancellationRequested ? TimeSpan.Zero : AckFlushTimeout);
        await _abort.CancelAsync();
        _processor!.EndFailureStreaks();
        await _lease.StopAsync(cancellationToken);
        ConsumerMetrics.Remove(this, _identity);
        Log.ConsumerStopped(_logger, _identity.Stream, _identity.Group, _identity.Consumer, _dispatcher!.Released + _window.InHand);
    }

    public void Dispose()
    {
        // A handler that ignored cancellation may still hold the token sources; they are left to the collector then.
        if (_dispatcherTask.IsCompleted && _loops.IsCompleted)
        {
            _stopReading.Dispose();
            _abort.Dispose();
            _acks?.Dispose();
            _lease.Dispose();
            _watchdog?.Dispose();
        }
    }

    private Dictionary<string, GroupHandler> ResolveHandlers()
    {
        var handlers = new Dictionary<string, GroupHandler>(StringComparer.Ordinal);
        foreach (var registration in Definition.Handlers)
        {
            EventTypeDescriptor descriptor;
            try
            {
                descriptor = _registry.Get(registration.EventType);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException(
                    $"Consumer group '{_identity.Group}' on '{_identity.Stream}' handles {registration.EventType.Name}, which is not a registered event type; " +
                    $"register it with AddEventType<{registration.EventType.Name}>(name, version, jsonTypeInfo).",
                    e);
            }

            handlers.Add(descriptor.Name, new GroupHandler(registration, descriptor));
        }

        // The batch dispatcher runs calls side by side without regard to keys: a key's order would be silently lost.
        if (handlers.Values.Any(h => h.Registration is BatchHandlerRegistration)
            && handlers.Values.FirstOrDefault(h => h.Registration.HasPartitionKey) is { } keyed)
        {
            throw new InvalidOperationException(
                $"Consumer group '{_identity.Group}' on '{_identity.Stream}' has a batch handler and a partition key on {keyed.Registration.EventType.Name}: " +
                "a group with a batch handler does not keep a key's order; handle that type in a group of its own.");
        }

        return handlers;
    }

    private TimeSpan Remaining(long began)
    {
        var remaining = _options.ShutdownTimeout - _time.GetElapsedTime(began);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>Whether <paramref name="task"/> finished within <paramref name="timeout"/> (false when the host gave up first).</summary>
    private async Task<bool> WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, _time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void CancelOverdueHandlers() => _dispatcher?.CancelOverdue(_options.ProcessingTimeout);

    private void OnRestored(object? sender, EventArgs e) =>
        Interlocked.CompareExchange(ref _groupCheck, (int)GroupCheck.AfterRestore, (int)GroupCheck.None);
}
