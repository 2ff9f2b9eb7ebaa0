using System.Globalization;
using Fleet.Contracts;
using Fleet.Redis;

namespace Fleet.EmbeddingGenerator.Vectors;

/// <summary>
/// The vector hashes (<c>fleet:vector:{fileId}:{index}</c>, the layout a RediSearch index over <c>PREFIX fleet:vector:</c>
/// reads) and each user's set of them (<c>fleet:vectors:user:{userId}</c>) for brute-force search. Writes overwrite, so a
/// redelivered request writes the same hashes again. Commands are issued together and awaited together: the client
/// sends what is queued in one socket write, so N writes cost about one round trip.
/// </summary>
internal sealed class VectorStore(RedisClient redis, ContractKeys keys)
{
    public const string EmbeddingField = "embedding";
    public const string FileIdField = "file_id";
    public const string UserIdField = "user_id";
    public const string ChunkIndexField = "chunk_index";
    public const string TextHashField = "text_hash";
    public const string ModelField = "model";

    private static readonly string[] SearchFields = [EmbeddingField, FileIdField, ChunkIndexField];

    /// <summary>Writes each vector's hash (HSET of every field), then adds their keys to the user's set (one SADD); returns the keys in order.</summary>
    public async Task<string[]> WriteAsync(IReadOnlyList<StoredVector> vectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            return [];
        }

        var writes = new Task<long>[vectors.Count];
        var keyNames = new string[vectors.Count];
        for (var i = 0; i < vectors.Count; i++)
        {
            var vector = vectors[i];
            keyNames[i] = keys.Vector(vector.FileId, vector.ChunkIndex);
            KeyValuePair<string, RedisValue>[] fields =
            [
                new(EmbeddingField, VectorBlob.Encode(vector.Embedding.Span)),
                new(FileIdField, vector.FileId),
                new(UserIdField, vector.UserId),
                new(ChunkIndexField, vector.ChunkIndex),
                new(TextHashField, vector.TextHash),
                new(ModelField, vector.Model),
            ];
            writes[i] = redis.HashSetAsync(keyNames[i], fields, cancellationToken).AsTask();
        }

        await Task.WhenAll(writes).ConfigureAwait(false);

        // The set goes last: a key listed there always names a complete hash (the user's vectors span slots, so no MULTI).
        var users = vectors.GroupBy(v => v.UserId, StringComparer.Ordinal).ToArray();
        var adds = new Task<RedisResult>[users.Length];
        for (var u = 0; u < users.Length; u++)
        {
            var members = new List<RedisValue> { keys.UserVectors(users[u].Key) };
            members.AddRange(users[u].Select(v => (RedisValue)keys.Vector(v.FileId, v.ChunkIndex)));
            adds[u] = redis.ExecuteAsync("SADD", members, cancellationToken).AsTask();
        }

        foreach (var added in await Task.WhenAll(adds).ConfigureAwait(false))
        {
            added.ThrowIfError();
        }

        return keyNames;
    }

    /// <summary>SMEMBERS of the user's set: the keys of every vector stored for them.</summary>
    public async Task<string[]> UserVectorKeysAsync(string userId, CancellationToken cancellationToken)
    {
        var members = await redis.ExecuteAsync("SMEMBERS", [keys.UserVectors(userId)], cancellationToken).ConfigureAwait(false);
        members.ThrowIfError();
        return [.. members.Elements.Select(m => m.Value.ToString())];
    }

    /// <summary>
    /// The embedding, file id and chunk index of each key (pipelined HMGETs); null for a key whose hash is gone or lacks
    /// one of them.
    /// </summary>
    public async Task<SearchCandidate?[]> ReadAsync(IReadOnlyList<string> vectorKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectorKeys);
        var reads = new Task<RedisValue[]>[vectorKeys.Count];
        for (var i = 0; i < vectorKeys.Count; i++)
        {
            reads[i] = redis.HashGetAsync(vectorKeys[i], SearchFields, cancellationToken).AsTask();
        }

        var values = await Task.WhenAll(reads).ConfigureAwait(false);
        var candidates = new SearchCandidate?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var (embedding, fileId, index) = (values[i][0], values[i][1], values[i][2]);
            if (embedding.IsNull || fileId.IsNull || index.IsNull
                || !int.TryParse(index.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var chunkIndex))
            {
                continue;
            }

            candidates[i] = new SearchCandidate(vectorKeys[i], fileId.ToString(), chunkIndex, embedding.AsMemory());
        }

        return candidates;
    }
}
