using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Fleet.EventGateway.Api.Publishing;

/// <summary>
/// The fields of one event in a request, before they are checked (<see cref="JsonValueKind.Undefined"/>: absent), kept
/// inline on the stack: reading a request allocates nothing per field.
/// </summary>
[InlineArray(8)]
internal struct EventParts
{
    public const int Type = 0;
    public const int Version = 1;
    public const int Data = 2;
    public const int CorrelationId = 3;
    public const int CausationId = 4;
    public const int UserId = 5;
    public const int Metadata = 6;
    public const int Stream = 7;

    /// <summary>The field names, UTF-8, at their slot's index.</summary>
    private static readonly byte[][] Names =
        ["type"u8.ToArray(), "version"u8.ToArray(), "data"u8.ToArray(), "correlationId"u8.ToArray(), "causationId"u8.ToArray(),
            "userId"u8.ToArray(), "metadata"u8.ToArray(), "stream"u8.ToArray()];

    private JsonElement _element;

    /// <summary>The slot of <paramref name="property"/>'s name, or -1 for a name that is no event field.</summary>
    public static int IndexOf(JsonProperty property)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            // NameEquals compares the UTF-8 bytes of the document: no string per property.
            if (property.NameEquals(Names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
