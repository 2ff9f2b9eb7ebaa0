using Fleet.Contracts;

namespace Fleet.DeadLetterReaper;

/// <summary>
/// The <c>Reaper</c> configuration section (appsettings.json, then <c>Reaper__…</c> environment variables), validated at
/// start by <see cref="ReaperOptionsValidator"/>.
/// </summary>
internal sealed class ReaperOptions
{
    public const string Section = "Reaper";

    /// <summary>The policy value that re-drives a dead letter to its source stream.</summary>
    public const string RedrivePolicy = "redrive";

    /// <summary>The policy value that parks a dead letter in <c>:parked</c>.</summary>
    public const string ParkPolicy = "park";

    /// <summary>
    /// The streams whose <c>:dlq</c> is watched and whose groups' consumers are checked; empty (the default) means every
    /// stream of <see cref="FleetStreams.All"/>. A list bound from configuration replaces the default instead of adding to it.
    /// </summary>
    public List<string> Streams { get; set; } = [];

    /// <summary>How <c>max_deliveries</c> dead letters are re-driven.</summary>
    public RedriveOptions Redrive { get; set; } = new();

    /// <summary>
    /// <c>redrive</c> or <c>park</c> per <c>dlq_error_type</c>; an error type missing here is parked. Defaults:
    /// <c>max_deliveries</c> re-driven, every other type parked.
    /// </summary>
    public Dictionary<string, string> Policies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Dead consumer removal.</summary>
    public ConsumerCleanupOptions Consumers { get; set; } = new();

    /// <summary>
    /// The longest one read of the dead letters blocks (default 2 s, 1 ms to 30 s): how soon a stop, a due re-drive after
    /// a clock jump, or the periodic claim of a dead replica's entries is noticed. A dead letter arriving wakes it at once.
    /// </summary>
    public TimeSpan ReadBlock { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The streams watched: <see cref="Streams"/>, or every stream of the fleet when it is empty.</summary>
    public IReadOnlyList<string> WatchedStreams => Streams.Count > 0 ? [.. Streams.Distinct(StringComparer.Ordinal)] : FleetStreams.All;

    /// <summary>Whether dead letters of <paramref name="errorType"/> are re-driven (else parked).</summary>
    public bool Redrives(string errorType) =>
        Policies.TryGetValue(errorType, out var policy)
            ? string.Equals(policy, RedrivePolicy, StringComparison.OrdinalIgnoreCase)
            : errorType == Fleet.Events.DeadLetterErrorTypes.MaxDeliveries;
}
