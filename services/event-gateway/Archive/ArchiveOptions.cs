using Fleet.Contracts;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// The <c>Archive</c> configuration section (appsettings.json, then <c>Archive__…</c> environment variables), validated at
/// start by <see cref="ArchiveOptionsValidator"/>. The database is <c>ConnectionStrings:Archive</c>.
/// </summary>
internal sealed class ArchiveOptions
{
    public const string Section = "Archive";

    /// <summary>The name under <c>ConnectionStrings</c> of the PostgreSQL connection string (required).</summary>
    public const string ConnectionStringName = "Archive";

    /// <summary>The option every message about the connection string names.</summary>
    public const string ConnectionStringOption = "ConnectionStrings:" + ConnectionStringName;

    /// <summary>
    /// Npgsql's <c>Max Auto Prepare</c> when the connection string does not set it: statements prepared per connection
    /// (docs/gateway/archive.md, "Tuning").
    /// </summary>
    public const int DefaultMaxAutoPrepare = 32;

    /// <summary>The Npgsql connection string, taken from <c>ConnectionStrings:Archive</c> (not from this section).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether this process runs the archiver (group <c>archiver</c>); default true. The queries work either way.</summary>
    public bool ArchiverEnabled { get; set; } = true;

    /// <summary>
    /// The streams archived, with their <c>:dlq</c> and <c>:parked</c>; empty (the default) means every stream of
    /// <see cref="FleetStreams.All"/>. A list bound from configuration replaces the default instead of adding to it.
    /// </summary>
    public List<string> Streams { get; set; } = [];

    /// <summary>Whether dead letters and parked entries of the archived streams are archived too; default true.</summary>
    public bool DeadLetters { get; set; } = true;

    /// <summary>
    /// Event types archived on every stream: exact names (<c>file.uploaded</c>), prefixes (<c>market.*</c>) or <c>*</c>;
    /// empty (the default) means every type. Dead letters and parked entries are archived whatever their type.
    /// </summary>
    public List<string> IncludeTypes { get; set; } = [];

    /// <summary>Event types never archived on any stream (same patterns as <see cref="IncludeTypes"/>); default none.</summary>
    public List<string> ExcludeTypes { get; set; } = [];

    /// <summary>
    /// Type filters of one stream, by stream name (<c>Archive:StreamTypes:market.events:ExcludeTypes:0=market.data.collected</c>),
    /// applied after the global ones.
    /// </summary>
    public Dictionary<string, ArchiveTypeFilter> StreamTypes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Entries read per key in one XREADGROUP and written in one transaction at most (default 1 000, 1 to 10 000).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>The longest one read blocks when nothing arrives (default 2 s, 1 ms to 30 s): how soon a stop or a due claim is noticed.</summary>
    public TimeSpan ReadBlock { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an entry stays pending with another archiver consumer before this one claims it (XAUTOCLAIM): that consumer
    /// died. Default 1 min, at least 1 s. A live archiver holds an entry only while it writes it (or waits for PostgreSQL).
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often idle entries of other consumers are claimed and the lag is sampled (default 30 s, 100 ms to 1 h).</summary>
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The streams archived: <see cref="Streams"/>, or every stream of the fleet when it is empty.</summary>
    public IReadOnlyList<string> ArchivedStreams => Streams.Count > 0 ? [.. Streams.Distinct(StringComparer.Ordinal)] : FleetStreams.All;
}
