using System.Globalization;
using Fleet.Contracts;
using Fleet.Redis;

namespace Fleet.EmbeddingGenerator.Vectors;

/// <summary>Reads the chunk texts file-processor left in <c>fleet:{ai.events}:chunks:{fileId}</c> (field = index).</summary>
internal sealed class ChunkStore(RedisClient redis, ContractKeys keys)
{
    // Fields per HMGET: one reply stays around a megabyte of ~1 000-character chunks.
    private const int FieldsPerRead = 1000;

    /// <summary>
    /// The texts of chunks 0 to <paramref name="count"/> - 1, in order, read with pipelined HMGETs; null when any of them
    /// is missing (expired, never written, or a count larger than what was written).
    /// </summary>
    public async Task<string[]?> ReadAsync(string fileId, int count, CancellationToken cancellationToken)
    {
        var key = keys.Chunks(fileId);
        var reads = new List<Task<RedisValue[]>>();
        for (var start = 0; start < count; start += FieldsPerRead)
        {
            var fields = new string[Math.Min(FieldsPerRead, count - start)];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = (start + i).ToString(CultureInfo.InvariantCulture);
            }

            reads.Add(redis.HashGetAsync(key, fields, cancellationToken).AsTask());
        }

        var texts = new string[count];
        var index = 0;
        foreach (var values in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            foreach (var value in values)
            {
                if (value.IsNull)
                {
                    return null;
                }

                texts[index++] = value.ToString();
            }
        }

        return texts;
    }
}
