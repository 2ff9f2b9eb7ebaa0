using System.Runtime.ExceptionServices;

namespace Fleet.Events.Consumers;

/// <summary>
/// One of the <see cref="ConsumerGroupOptions.Concurrency"/> places a handler runs in. It owns the cancellation source
/// of its deliveries, reused from one delivery to the next until it fires: at the processing timeout (the dispatcher's
/// watchdog calls <see cref="CancelIfRunningLongerThan"/>) or when stop gives up waiting. A delivery only records when it
/// started, so the hot path arms no timer per entry. The slot also carries the delivery being handled to the retry
/// pipeline's callback without a closure.
/// </summary>
internal sealed class WorkerSlot : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationToken _stop;
    private readonly Lock _gate = new();
    private CancellationTokenSource _cts;
    private CancellationTokenRegistration _stopRegistration;
    private long _startedAt;
    private long _admittedAt;

    public WorkerSlot(DeliveryProcessor processor, TimeProvider time, CancellationToken stop)
    {
        Processor = processor;
        Writes = processor.CreateStagedWrites();
        _time = time;
        _stop = stop;
        _cts = Create();
    }

    public DeliveryProcessor Processor { get; }

    /// <summary>The writes the current attempt's handler staged, committed with the acknowledgement.</summary>
    public StagedWrites Writes { get; }

    /// <summary>The delivery being handled.</summary>
    public Delivery Current { get; private set; }

    /// <summary>Attempts of the current delivery so far (in-process retries included).</summary>
    public int Attempt { get; set; }

    /// <summary>The failure of the first attempt, replayed as the retry pipeline's first outcome.</summary>
    public ExceptionDispatchInfo? FirstFailure { get; set; }

    /// <summary>How long the current delivery has been running, or zero when the slot is idle.</summary>
    public TimeSpan Running
    {
        get
        {
            var started = Volatile.Read(ref _startedAt);
            return started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started);
        }
    }

    /// <summary>Starts <paramref name="delivery"/>; the token fires at its processing timeout or at stop.</summary>
    public CancellationToken Begin(Delivery delivery)
    {
        Current = delivery;
        Attempt = 0;
        // The timeout counts from the entry's delivery, as Redis's idle time does: an entry that waited in hand has that
        // much less time to run before another consumer may claim it.
        Volatile.Write(ref _admittedAt, delivery.AdmittedAt);
        Volatile.Write(ref _startedAt, _time.GetTimestamp());
        return _cts.Token;
    }

    /// <summary>Ends the delivery; a source that fired is replaced, since a cancelled one cannot be reused.</summary>
    public void End()
    {
        lock (_gate)
        {
            _startedAt = 0;
        }

        Current = default;
        FirstFailure = null;
        if (_cts.IsCancellationRequested)
        {
            _stopRegistration.Dispose();
            _cts.Dispose();
            _cts = Create();
        }
    }

    /// <summary>
    /// Cancels the delivery in progress when <paramref name="timeout"/> or more has passed since its entry was delivered
    /// (read or claimed), the moment from which Redis lets another consumer claim it.
    /// </summary>
    public void CancelIfRunningLongerThan(TimeSpan timeout)
    {
        var started = Volatile.Read(ref _startedAt);
        if (started == 0 || _time.GetElapsedTime(Volatile.Read(ref _admittedAt)) < timeout)
        {
            return;
        }

        lock (_gate)
        {
            // Still the same delivery (End clears the start under this lock). Its callbacks run on the thread pool, not
            // here, so a handler continuing inline cannot re-enter End while the lock is held.
            if (_startedAt == started)
            {
                _ = _cts.CancelAsync();
            }
        }
    }

    public void Dispose()
    {
        _stopRegistration.Dispose();
        _cts.Dispose();
    }

    private CancellationTokenSource Create()
    {
        var cts = new CancellationTokenSource();
        _stopRegistration = _stop.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), cts);
        return cts;
    }
}
