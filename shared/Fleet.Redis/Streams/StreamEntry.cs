namespace Fleet.Redis;

/// <summary>
/// One stream entry: its id and its fields in the order they were added. An entry still in a group's
/// pending list after it was deleted from the stream (XDEL, trimming) comes back from XREADGROUP with no
/// fields; it is marked <see cref="IsDeleted"/>.
/// </summary>
public sealed class StreamEntry
{
    /// <summary>Creates an entry with the given fields.</summary>
    public StreamEntry(RedisStreamId id, IReadOnlyList<StreamField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Id = id;
        Fields = fields;
    }

    private StreamEntry(RedisStreamId id)
    {
        Id = id;
        Fields = [];
        IsDeleted = true;
    }

    /// <summary>The entry's id.</summary>
    public RedisStreamId Id { get; }

    /// <summary>The fields, in the order the producer wrote them; empty for a deleted entry.</summary>
    public IReadOnlyList<StreamField> Fields { get; }

    /// <summary>Whether the entry was deleted from the stream while pending (Redis sent its fields as null).</summary>
    public bool IsDeleted { get; }

    /// <summary>The value of the first field named <paramref name="name"/> (ordinal), or <see cref="RedisValue.Null"/>.</summary>
    public RedisValue this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var fields = Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                if (string.Equals(field.Name, name, StringComparison.Ordinal))
                {
                    return field.Value;
                }
            }

            return RedisValue.Null;
        }
    }

    /// <summary>An entry that is pending in a group but no longer in the stream.</summary>
    public static StreamEntry Deleted(RedisStreamId id) => new(id);

    /// <summary>The id and field names, for diagnostics (values are left out: they may be payloads).</summary>
    public override string ToString() =>
        IsDeleted ? $"{Id} (deleted)" : $"{Id} [{string.Join(", ", Fields.Select(field => field.Name))}]";
}
