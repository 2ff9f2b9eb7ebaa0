namespace Fleet.Events;

/// <summary>
/// The Redis keys of a stream and its helpers (DESIGN.md section 2): <c>{prefix}{{name}}</c> and
/// <c>…:dlq</c>, <c>…:parked</c>, <c>…:scheduled</c>, <c>…:done:{group}:{event id}</c>. The hash tag keeps a
/// stream and its helpers in one Redis Cluster slot, so the scripts that touch several of them stay legal.
/// </summary>
public sealed class StreamKeys
{
    /// <summary>Creates the key scheme with <paramref name="prefix"/> (default <c>fleet:</c>).</summary>
    public StreamKeys(string prefix = "fleet:")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.AsSpan().ContainsAny('{', '}'))
        {
            throw new ArgumentException($"Key prefix '{prefix}' must not contain '{{' or '}}': they would change the hash tag.", nameof(prefix));
        }

        Prefix = prefix;
    }

    /// <summary>The prefix of every key.</summary>
    public string Prefix { get; }

    /// <summary>The stream's key, e.g. <c>fleet:{contextual.events}</c>.</summary>
    public string Stream(string name)
    {
        Validate(name);
        return string.Concat(Prefix, "{", name, "}");
    }

    /// <summary>The stream's dead letters, <c>…:dlq</c>.</summary>
    public string DeadLetters(string name) => Stream(name) + ":dlq";

    /// <summary>Dead letters the reaper gave up on, <c>…:parked</c>.</summary>
    public string Parked(string name) => Stream(name) + ":parked";

    /// <summary>The sorted set of delayed events due on the stream, <c>…:scheduled</c>.</summary>
    public string Scheduled(string name) => Stream(name) + ":scheduled";

    /// <summary>The idempotency mark of one event in one group, <c>…:done:{group}:{event id}</c>.</summary>
    public string Processed(string name, string group, Ulid eventId) => ProcessedPrefix(name, group) + eventId.ToString();

    /// <summary>What every idempotency mark of <paramref name="group"/> on the stream starts with, <c>…:done:{group}:</c>.</summary>
    public string ProcessedPrefix(string name, string group) => string.Concat(Stream(name), ":done:", group, ":");

    /// <summary>
    /// The leader lease <paramref name="lease"/> on <paramref name="stream"/>, <c>…:leader:{lease}</c>
    /// (<see cref="FleetEventsBuilder.AddLeaderWork{TWork}"/>), e.g. <c>fleet:{market.events}:leader:market-collector</c>. It
    /// shares the stream's hash tag, so a fenced publish checks it and appends in one script.
    /// </summary>
    public string Leader(string stream, string lease)
    {
        ValidateLease(lease);
        return string.Concat(Stream(stream), ":leader:", lease);
    }

    /// <summary>The fencing-token counter of the leader lease, <c>…:leader:{lease}:fence</c> (INCR at every acquisition, never deleted).</summary>
    public string LeaderFenceCounter(string stream, string lease) => Leader(stream, lease) + ":fence";

    /// <summary>
    /// The live-instance key of <paramref name="consumer"/> in <paramref name="group"/> reading the stream (or helper
    /// stream) at <paramref name="key"/>, <c>{key}:instance:{group}:{consumer}</c> (ADR 0003): a running consumer keeps it
    /// alive, so a process that removes dead consumers leaves those whose key exists.
    /// </summary>
    public static string Instance(string key, string group, string consumer) => string.Concat(key, ":instance:", group, ":", consumer);

    /// <summary>
    /// The stream name inside a key built by <see cref="Stream"/> (the hash tag), e.g. <c>contextual.events</c> for
    /// <c>fleet:{contextual.events}</c>; the key itself when it has no hash tag.
    /// </summary>
    public static string NameOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = open < 0 ? -1 : key.IndexOf('}', open + 1);
        return close > open + 1 ? key[(open + 1)..close] : key;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="lease"/> is a leader lease name, spelled like a stream name (<c>market-collector</c>).</summary>
    public static void ValidateLease(string lease)
    {
        ArgumentException.ThrowIfNullOrEmpty(lease);
        if (!IsName(lease))
        {
            throw new ArgumentException($"'{lease}' is not a leader lease name (lower-case letters, digits, '.', '_', '-'; e.g. 'market-collector').", nameof(lease));
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a stream name: lower-case letters,
    /// digits, '.', '_' and '-', starting with a letter or digit, at most 200 characters.
    /// </summary>
    public static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!IsName(name))
        {
            throw new ArgumentException($"'{name}' is not a stream name (lower-case letters, digits, '.', '_', '-'; e.g. 'contextual.events').", nameof(name));
        }
    }

    private static bool IsName(string name)
    {
        var ok = name.Length <= 200 && name[0] is (>= 'a' and <= 'z') or (>= '0' and <= '9');
        foreach (var c in name)
        {
            ok &= c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-';
        }

        return ok;
    }
}
