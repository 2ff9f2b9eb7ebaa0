using Fleet.Events.Outbox;

namespace Fleet.Events;

/// <summary>
/// Settings of the event bus in one process. Bound from the <c>Fleet:Events</c> configuration section (e.g.
/// <c>Fleet__Events__WhenUnavailable=Outbox</c>); every value has a safe default and is checked by
/// <see cref="Validate"/> at start. Retention policies are set in code (<see cref="StreamRetention"/>).
/// </summary>
public sealed class FleetEventsOptions
{
    /// <summary>Prefix of every key (DESIGN.md section 2). Default <c>fleet:</c>.</summary>
    public string KeyPrefix { get; set; } = "fleet:";

    /// <summary>
    /// This instance's consumer name in every group; stable per instance so a restarted instance finds its own
    /// pending entries. Default: the host name (a container's or pod's name). Set it when several instances
    /// of one service share a host.
    /// </summary>
    public string InstanceName { get; set; } = Environment.MachineName;

    /// <summary>
    /// How often a process with consumer groups renews its live-instance keys (one per group, <c>{KeyPrefix}{stream}:instance:{group}:{InstanceName}</c>),
    /// which keeps a second process with the same <see cref="InstanceName"/> from starting. Default 5 s.
    /// </summary>
    public TimeSpan InstanceHeartbeat { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the live-instance key outlives its last renewal, at least twice <see cref="InstanceHeartbeat"/>. An instance
    /// restarted after a crash waits up to this long for its predecessor's key before it consumes. Default 15 s.
    /// </summary>
    public TimeSpan InstanceLeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest encoded event accepted at publish, in bytes. Default 1 MiB.</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Retention of streams without their own entry in <see cref="Retention"/>. Default MAXLEN ~ 1 000 000.</summary>
    public StreamRetention DefaultRetention { get; set; } = StreamRetention.MaxLength(1_000_000);

    /// <summary>Retention per stream name, applied on publish.</summary>
    public Dictionary<string, StreamRetention> Retention { get; } = new(StringComparer.Ordinal);

    /// <summary>Retention of every <c>:dlq</c> stream. Default MAXLEN ~ 100 000.</summary>
    public StreamRetention DeadLetterRetention { get; set; } = StreamRetention.MaxLength(100_000);

    /// <summary>What a publish does when Redis is unreachable. Default <see cref="PublishFailureMode.FailFast"/>.</summary>
    public PublishFailureMode WhenUnavailable { get; set; } = PublishFailureMode.FailFast;

    /// <summary>The local durable outbox used when <see cref="WhenUnavailable"/> is <see cref="PublishFailureMode.Outbox"/>.</summary>
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>How often the outbox replay loop retries while Redis is still down. Default 1 s.</summary>
    public TimeSpan OutboxRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often due delayed events are moved onto their streams. Default 1 s.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of a request when the caller gives none. Default 30 s.</summary>
    public TimeSpan DefaultRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the shared response reader remembers correlated events, so a wait that starts after its
    /// response arrived still finds it. Default 60 s.
    /// </summary>
    public TimeSpan ResponseMemory { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The retention that applies to <paramref name="stream"/>.</summary>
    public StreamRetention RetentionFor(string stream) =>
        Retention.TryGetValue(stream, out var retention) ? retention : DefaultRetention;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        _ = new StreamKeys(KeyPrefix);
        if (string.IsNullOrWhiteSpace(InstanceName) || InstanceName.Length > 200)
        {
            throw new ArgumentException($"Fleet:Events:InstanceName must be 1 to 200 characters, not '{InstanceName}'.");
        }

        Positive(InstanceHeartbeat, nameof(InstanceHeartbeat));
        if (InstanceLeaseTime < InstanceHeartbeat * 2)
        {
            throw new ArgumentException($"Fleet:Events:InstanceLeaseTime must be at least twice InstanceHeartbeat ({InstanceHeartbeat}), not {InstanceLeaseTime}.");
        }

        Positive(MaxEventBytes, nameof(MaxEventBytes));
        ArgumentNullException.ThrowIfNull(DefaultRetention, nameof(DefaultRetention));
        ArgumentNullException.ThrowIfNull(DeadLetterRetention, nameof(DeadLetterRetention));
        foreach (var stream in Retention.Keys)
        {
            StreamKeys.Validate(stream);
        }

        if (!Enum.IsDefined(WhenUnavailable))
        {
            throw new ArgumentException($"Fleet:Events:WhenUnavailable must be FailFast or Outbox, not '{WhenUnavailable}'.");
        }

        ArgumentNullException.ThrowIfNull(Outbox, nameof(Outbox));
        Outbox.Validate();
        Positive(OutboxRetryInterval, nameof(OutboxRetryInterval));
        Positive(SchedulerInterval, nameof(SchedulerInterval));
        Positive(DefaultRequestTimeout, nameof(DefaultRequestTimeout));
        Positive(ResponseMemory, nameof(ResponseMemory));
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"Fleet:Events:{name} must be positive, not {value}.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Fleet:Events:{name} must be a positive time span, not {value}.");
        }
    }
}
