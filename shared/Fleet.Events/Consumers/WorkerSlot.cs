namespace Fleet.Events.Consumers;

/// <summary>
/// One of the <see cref="ConsumerGroupOptions.Concurrency"/> places a handler runs in. It owns the cancellation source
/// of its deliveries, re-armed for each (<see cref="CancellationTokenSource.TryReset"/>) rather than created per
/// entry, which fires at the processing timeout or when stop gives up waiting; and it carries the delivery being
/// handled to the retry pipeline's callback without a closure.
/// </summary>
internal sealed class WorkerSlot : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationToken _stop;
    private CancellationTokenSource _cts;
    private CancellationTokenRegistration _stopRegistration;

    public WorkerSlot(DeliveryProcessor processor, TimeProvider time, CancellationToken stop)
    {
        Processor = processor;
        _time = time;
        _stop = stop;
        _cts = Create();
    }

    public DeliveryProcessor Processor { get; }

    /// <summary>The delivery being handled.</summary>
    public Delivery Current { get; private set; }

    /// <summary>Attempts of the current delivery so far (in-process retries included).</summary>
    public int Attempt { get; set; }

    /// <summary>Arms the slot for <paramref name="delivery"/>; the token fires after <paramref name="timeout"/> or at stop.</summary>
    public CancellationToken Begin(Delivery delivery, TimeSpan timeout)
    {
        Current = delivery;
        Attempt = 0;
        _cts.CancelAfter(timeout);
        return _cts.Token;
    }

    /// <summary>Disarms the slot; a source that fired is replaced, since a cancelled one cannot be reset.</summary>
    public void End()
    {
        Current = default;
        if (!_cts.TryReset())
        {
            _stopRegistration.Dispose();
            _cts.Dispose();
            _cts = Create();
        }
    }

    public void Dispose()
    {
        _stopRegistration.Dispose();
        _cts.Dispose();
    }

    private CancellationTokenSource Create()
    {
        var cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        _stopRegistration = _stop.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), cts);
        return cts;
    }
}
