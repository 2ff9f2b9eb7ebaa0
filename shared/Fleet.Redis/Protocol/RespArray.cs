namespace Fleet.Redis.Protocol;

/// <summary>Reads one element of an aggregate reply.</summary>
internal delegate T RespElementReader<out T>(ref RespReader reader);

/// <summary>
/// The loop every array reply shares: its length (null or empty reads as an empty array), then each element read
/// by <c>read</c>. Parsers pass a static method, so no delegate is allocated per reply.
/// </summary>
internal static class RespArray
{
    public static T[] Read<T>(ref RespReader reader, RespElementReader<T> read)
    {
        var count = reader.ReadAggregateLength();
        if (count <= 0)
        {
            return [];
        }

        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = read(ref reader);
        }

        return items;
    }
}
