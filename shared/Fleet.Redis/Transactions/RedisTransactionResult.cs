namespace Fleet.Redis;

/// <summary>
/// What EXEC returned: one <see cref="RedisResult"/> per queued command, in the order they were added.
/// A command that failed while running (WRONGTYPE, a non-integer INCR...) is a result of type
/// <see cref="RedisResultType.Error"/>; the other commands ran regardless, since Redis has no rollback.
/// </summary>
public sealed class RedisTransactionResult
{
    internal RedisTransactionResult(IReadOnlyList<RedisResult>? results)
    {
        Committed = results is not null;
        Results = results ?? [];
    }

    /// <summary>
    /// False when EXEC answered null: the transaction was discarded because a WATCHed key changed. Fleet.Redis
    /// never sends WATCH (it is per connection and this one is shared), so this is false only when something
    /// sent WATCH on the shared connection by hand.
    /// </summary>
    public bool Committed { get; }

    /// <summary>The replies of the queued commands, in order; empty when not <see cref="Committed"/>.</summary>
    public IReadOnlyList<RedisResult> Results { get; }

    /// <summary>The reply of the command at <paramref name="index"/> (the number its Add method returned).</summary>
    public RedisResult this[int index] => Results[index];

    /// <summary>The number of replies.</summary>
    public int Count => Results.Count;
}
