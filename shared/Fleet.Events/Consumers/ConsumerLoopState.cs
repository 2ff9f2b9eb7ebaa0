namespace Fleet.Events.Consumers;

/// <summary>
/// The live, thread-safe health of one consumer loop, written by the loop and read by the health check through
/// <see cref="Snapshot"/>. Times are kept as UTC ticks (0 = never) so updates are single atomic writes.
/// </summary>
internal sealed class ConsumerLoopState(ConsumerIdentity identity, ConsumerGroupOptions options, PrefetchWindow window)
{
    private long _startedAt;
    private long _lastRead;
    private long _lastErrorAt;
    private string? _lastError;
    private long _groupRecreations;
    private int _running;
    private DeliveryDispatcher? _dispatcher;

    public ConsumerIdentity Identity { get; } = identity;

    public void Started(DateTimeOffset now, DeliveryDispatcher dispatcher)
    {
        Volatile.Write(ref _dispatcher, dispatcher);
        Volatile.Write(ref _startedAt, now.UtcTicks);
        Volatile.Write(ref _running, 1);
    }

    public void Stopped() => Volatile.Write(ref _running, 0);

    public void ReadSucceeded(DateTimeOffset now) => Volatile.Write(ref _lastRead, now.UtcTicks);

    public void Failed(Exception error, DateTimeOffset now)
    {
        Volatile.Write(ref _lastError, error.Message);
        Volatile.Write(ref _lastErrorAt, now.UtcTicks);
    }

    public void GroupRecreated() => Interlocked.Increment(ref _groupRecreations);

    public ConsumerLoopHealth Snapshot() => new()
    {
        Stream = Identity.Stream,
        Group = Identity.Group,
        Consumer = Identity.Consumer,
        IsRunning = Volatile.Read(ref _running) == 1,
        StartedAt = Time(Volatile.Read(ref _startedAt)),
        LastSuccessfulRead = Time(Volatile.Read(ref _lastRead)),
        LastError = Volatile.Read(ref _lastError),
        LastErrorAt = Time(Volatile.Read(ref _lastErrorAt)),
        InFlight = window.InHand,
        IsBusy = window.IsFull,
        GroupRecreations = Interlocked.Read(ref _groupRecreations),
        LongestRunningHandler = Volatile.Read(ref _dispatcher)?.LongestRunning() ?? TimeSpan.Zero,
        BlockTimeout = options.BlockTimeout,
        ProcessingTimeout = options.ProcessingTimeout,
    };

    private static DateTimeOffset? Time(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
