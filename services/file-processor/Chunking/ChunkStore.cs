using System.Globalization;
using Fleet.Contracts;
using Fleet.Redis;

namespace Fleet.FileProcessor.Chunking;

/// <summary>
/// Writes a file's chunks where embedding-generator reads them: the hash <see cref="ContractKeys.Chunks"/>, field = chunk
/// index in decimal, value = the text (UTF-8), expiring after <see cref="Lifetime"/>. One MULTI/EXEC replaces the whole
/// hash (DEL, HSET of every field, PEXPIRE), so a redelivery that chunks differently leaves no stale field behind and a
/// reader never sees half a file.
/// </summary>
internal sealed class ChunkStore(RedisClient redis, ContractKeys keys)
{
    /// <summary>How long the chunks stay: long past any embedding request's wait, short enough not to keep texts around.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Stores <paramref name="chunks"/> of <paramref name="fileId"/> and returns the hash's key.</summary>
    public async Task<string> WriteAsync(string fileId, IReadOnlyList<TextChunk> chunks, CancellationToken cancellationToken)
    {
        var key = keys.Chunks(fileId);
        var fields = new List<RedisValue>(1 + (2 * chunks.Count)) { key };
        for (var i = 0; i < chunks.Count; i++)
        {
            fields.Add(i.ToString(CultureInfo.InvariantCulture));
            fields.Add(chunks[i].Text);
        }

        var transaction = redis.CreateTransaction();
        transaction.Delete(key);
        transaction.Add("HSET", fields);
        transaction.Expire(key, Lifetime);
        await transaction.ExecuteAsync(cancellationToken);
        return key;
    }
}
