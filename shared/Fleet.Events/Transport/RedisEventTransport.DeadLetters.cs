using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <content>
/// Dead letters of entries too large for <see cref="RedisEventScripts.DeadLetter"/>. A script's arguments live on Lua's C
/// stack (LUAI_MAXCSTACK, 8 000 slots), so <c>unpack</c> of a few thousand fields fails with "too many results to unpack":
/// without another way, an entry a producer wrote with that many fields could never leave the pending list.
/// </content>
internal sealed partial class RedisEventTransport
{
    // Field names and values the script is given at most (the key, the id, the group and the trim words take the rest).
    private const int MaxScriptFieldWords = 7_900;

    /// <summary>Whether the dead letter of <paramref name="fields"/> needs <see cref="DeadLetterLargeAsync"/>.</summary>
    private static bool TooLargeForScript(IReadOnlyList<StreamField> fields) => 2 * fields.Count > MaxScriptFieldWords;

    /// <summary>
    /// XADD of the dead letter and XACK of the original in one MULTI/EXEC (atomic: the entry is never acknowledged
    /// without its dead letter), after XPENDING found it still pending. A transaction cannot make the XADD depend on the
    /// XACK as the script does, so when another consumer acknowledged the entry between the two (EXEC's XACK counts 0),
    /// the copy just written is deleted again and the call returns false.
    /// </summary>
    private async ValueTask<bool> DeadLetterLargeAsync(string stream, string deadLetterStream, string group, RedisStreamId id, IReadOnlyList<StreamField> fields, StreamTrim? trim, CancellationToken cancellationToken)
    {
        if (!await IsPendingAsync(stream, group, id, cancellationToken))
        {
            return false;
        }

        var add = new List<RedisValue>(8 + (2 * fields.Count)) { deadLetterStream };
        if (trim is { } rule)
        {
            rule.EnsureValid(nameof(trim));
            rule.AppendArguments(add);
        }

        add.Add("*");
        foreach (var field in fields)
        {
            add.Add(field.NameBytes);
            add.Add(field.Value);
        }

        var transaction = _client.CreateTransaction();
        var added = transaction.Add("XADD", add);
        var acknowledged = transaction.Add("XACK", stream, group, id.ToString());
        var result = await transaction.ExecuteAsync(cancellationToken);
        if (result[acknowledged].ToInt64() == 1)
        {
            return true;
        }

        await _client.XDelAsync(deadLetterStream, RedisStreamId.Parse(result[added].ToString()), cancellationToken);
        return false;
    }

    // XACK of an entry of a missing stream or group counts 0, as the script sees it; XPENDING answers NOGROUP instead.
    private async ValueTask<bool> IsPendingAsync(string stream, string group, RedisStreamId id, CancellationToken cancellationToken)
    {
        try
        {
            return (await PendingAsync(stream, group, id, id, 1, consumer: null, cancellationToken)).Count > 0;
        }
        catch (ConsumerGroupLostException)
        {
            return false;
        }
    }
}
