namespace Fleet.Events;

/// <summary>How one consumer group reads and handles its stream. Defaults suit most services.</summary>
public sealed class ConsumerGroupOptions
{
    /// <summary>
    /// Entries held in process at most (read with XREADGROUP COUNT up to this, but at most 256 per read: larger
    /// replies measured slower). Claimed entries may briefly use the slots of a blocked read. Default 64.
    /// </summary>
    public int Prefetch { get; set; } = 64;

    /// <summary>Handlers running at once in this instance. Default 1 (the stream's order).</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>How long one blocking read waits for new entries before it loops (XREADGROUP BLOCK). Default 5 s.</summary>
    public TimeSpan BlockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest a delivery may take. A handler still running then is cancelled; an entry pending longer (its
    /// consumer crashed or stopped) is claimed by a live consumer (XAUTOCLAIM). Default 30 s.
    /// </summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often this instance looks for entries idle past <see cref="ProcessingTimeout"/>. Default: a quarter of it.</summary>
    public TimeSpan? ClaimInterval { get; set; }

    /// <summary>Deliveries before a failing entry moves to the dead-letter stream. Default 5.</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>In-process retries of a transient handler error within one delivery. Default 3.</summary>
    public int RetryAttempts { get; set; } = 3;

    /// <summary>Delay before the first in-process retry; it doubles each time, with jitter. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Acknowledgements sent in one XACK at most. Default 256.</summary>
    public int AckBatchSize { get; set; } = 256;

    /// <summary>Skip the handler for an event this group already handled, by event id (an idempotency mark per event). Default off.</summary>
    public bool IdempotencyGuard { get; set; }

    /// <summary>How long an idempotency mark is kept. Default 24 h.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Where a new group starts: <c>0</c> (every retained entry, the default) or <c>$</c> (only new entries).</summary>
    public string StartPosition { get; set; } = "0";

    /// <summary>How long a graceful stop waits for in-flight handlers before it releases their entries. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often pending, lag, stream length and dead letters are sampled for metrics. Default 15 s.</summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The claim interval in effect.</summary>
    internal TimeSpan EffectiveClaimInterval => ClaimInterval ?? ProcessingTimeout / 4;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate(string group)
    {
        Check(Prefetch >= 1, nameof(Prefetch), Prefetch);
        Check(Concurrency >= 1, nameof(Concurrency), Concurrency);
        Check(BlockTimeout > TimeSpan.Zero, nameof(BlockTimeout), BlockTimeout);
        Check(ProcessingTimeout > TimeSpan.Zero, nameof(ProcessingTimeout), ProcessingTimeout);
        Check(EffectiveClaimInterval > TimeSpan.Zero, nameof(ClaimInterval), EffectiveClaimInterval);
        Check(MaxDeliveries >= 1, nameof(MaxDeliveries), MaxDeliveries);
        Check(RetryAttempts >= 0, nameof(RetryAttempts), RetryAttempts);
        Check(RetryDelay >= TimeSpan.Zero, nameof(RetryDelay), RetryDelay);
        Check(AckBatchSize >= 1, nameof(AckBatchSize), AckBatchSize);
        Check(IdempotencyWindow > TimeSpan.Zero, nameof(IdempotencyWindow), IdempotencyWindow);
        Check(StartPosition is "0" or "$", nameof(StartPosition), StartPosition);
        Check(ShutdownTimeout >= TimeSpan.Zero, nameof(ShutdownTimeout), ShutdownTimeout);
        Check(StatisticsInterval > TimeSpan.Zero, nameof(StatisticsInterval), StatisticsInterval);

        void Check(bool ok, string name, object value)
        {
            if (!ok)
            {
                throw new ArgumentException($"Consumer group '{group}': {name} cannot be {value}.");
            }
        }
    }
}
