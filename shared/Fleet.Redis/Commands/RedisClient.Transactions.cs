using Fleet.Redis.Connections;
using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>MULTI / EXEC transactions, sent as one uninterrupted block on the shared connection.</summary>
public sealed partial class RedisClient
{
    /// <summary>Starts building a transaction; see <see cref="RedisTransaction"/> (no WATCH: use a Lua script for check-and-set).</summary>
    public RedisTransaction CreateTransaction() => new(this);

    /// <summary>
    /// Sends MULTI, <paramref name="commands"/> and EXEC as one block, waiting for a reconnect the way
    /// <see cref="ExecuteAsync{T}"/> does when the connection is down (a block that was not sent is safe to send later).
    /// </summary>
    internal async ValueTask<RedisTransactionResult> ExecuteTransactionAsync(ReadOnlyMemory<byte> commands, IReadOnlyList<string> commandNames, CancellationToken cancellationToken)
    {
        var queueErrors = new RedisConnection.TransactionQueueErrors();
        var started = _options.TimeProvider.GetTimestamp();
        ValueTask<RedisTransactionResult> reply;
        while (true)
        {
            var connection = await _supervisor.WaitForConnectionAsync(started, "the transaction", cancellationToken).ConfigureAwait(false);
            if (connection.TrySendTransaction(commands.Span, commandNames, queueErrors, TransactionParser.Instance, _options.CommandTimeout, cancellationToken, out reply))
            {
                break;
            }
        }

        RedisTransactionResult result;
        try
        {
            result = await reply.ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Is("EXECABORT") && queueErrors.First is { } refused)
        {
            // EXECABORT only says that something was refused; name the command and the server's reason.
            throw new RedisServerException($"{ex.Message} The transaction's {refused}");
        }

        if (result.Committed && result.Count != commandNames.Count)
        {
            throw new RedisProtocolException($"EXEC returned {result.Count} replies for a transaction of {commandNames.Count} commands.");
        }

        return result;
    }

    /// <summary>EXEC's reply: an array of one reply per command (errors nested as results), or null when a WATCH aborted it.</summary>
    private sealed class TransactionParser : IResultParser<RedisTransactionResult>
    {
        public static readonly TransactionParser Instance = new();

        public RedisTransactionResult Parse(ref RespReader reader)
        {
            if (reader.TryReadNull())
            {
                return new RedisTransactionResult(null);
            }

            var count = reader.ReadAggregateLength();
            var results = new RedisResult[count];
            for (var i = 0; i < count; i++)
            {
                results[i] = RedisResult.Read(ref reader);
            }

            return new RedisTransactionResult(results);
        }
    }
}
