namespace Fleet.Events;

/// <summary>
/// What a fenced write checks: it applies only while the lease key <paramref name="LeaseKey"/> still holds
/// <paramref name="Value"/> (one script compares and writes, so a deposed leader's write is refused).
/// </summary>
/// <param name="LeaseKey">The lease key, <see cref="StreamKeys.Leader"/>: <c>{stream key}:leader:{name}</c>. Keys written under
/// the fence must share its hash tag.</param>
/// <param name="Value">The exact value the lease key holds during this term, <c>{instance name}/{32 hex}/{fencing token}</c>;
/// renewals only extend its time to live.</param>
/// <param name="Token">The fencing token of the term: grows with every new holder, never reused.</param>
public sealed record LeaderFence(string LeaseKey, string Value, long Token);
