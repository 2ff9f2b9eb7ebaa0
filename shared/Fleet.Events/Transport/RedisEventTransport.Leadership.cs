using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <content>The leader lease and fenced appends (<see cref="RedisEventScripts.AcquireLease"/> and its siblings).</content>
internal sealed partial class RedisEventTransport
{
    /// <inheritdoc/>
    public async ValueTask<long?> TryAcquireLeaseAsync(string leaseKey, string fenceKey, string valuePrefix, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        var result = await _client.EvaluateAsync(RedisEventScripts.AcquireLease, [leaseKey, fenceKey], [valuePrefix, Milliseconds(leaseTime)], cancellationToken);
        return result.IsNull ? null : result.ToInt64();
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RenewLeaseAsync(string leaseKey, string value, TimeSpan leaseTime, CancellationToken cancellationToken) =>
        (await _client.EvaluateAsync(RedisEventScripts.RenewLease, [leaseKey], [value, Milliseconds(leaseTime)], cancellationToken)).ToInt64() == 1;

    /// <inheritdoc/>
    public async ValueTask<bool> ReleaseLeaseAsync(string leaseKey, string value, CancellationToken cancellationToken) =>
        (await _client.EvaluateAsync(RedisEventScripts.ReleaseLease, [leaseKey], [value], cancellationToken)).ToInt64() == 1;

    /// <inheritdoc/>
    public async ValueTask<RedisStreamId[]?> AppendFencedAsync(
        string stream, IReadOnlyList<IReadOnlyList<StreamField>> entries, StreamTrim? trim, string leaseKey, string leaseValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var words = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            // Checked before anything is sent, so a bad entry cannot leave the batch half-written.
            if (entries[i] is not { Count: > 0 } fields)
            {
                throw new ArgumentException($"Entry {i} of the batch has no fields.", nameof(entries));
            }

            words += 1 + (2 * fields.Count);
        }

        var arguments = new List<RedisValue>(8 + words) { leaseValue };
        AddTrim(arguments, trim);
        foreach (var fields in entries)
        {
            arguments.Add(2 * fields.Count);
            foreach (var field in fields)
            {
                arguments.Add(field.NameBytes);
                arguments.Add(field.Value);
            }
        }

        var result = await _client.EvaluateAsync(RedisEventScripts.AppendFenced, [stream, leaseKey], arguments, cancellationToken);
        if (result.IsNull)
        {
            return null;
        }

        var ids = new RedisStreamId[result.Elements.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = RedisStreamId.Parse(result[i].ToString());
        }

        return ids;
    }
}
