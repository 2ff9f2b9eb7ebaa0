using System.Text.Json.Serialization.Metadata;

namespace Fleet.Events;

/// <summary>A registered event type: its wire name, current version, record type and source-generated JSON contract.</summary>
public sealed class EventTypeDescriptor
{
    internal EventTypeDescriptor(string name, int version, Type clrType, JsonTypeInfo typeInfo)
    {
        Name = name;
        Version = version;
        ClrType = clrType;
        TypeInfo = typeInfo;
    }

    /// <summary>Dotted lower-case name on the wire, e.g. <c>file.uploaded</c>.</summary>
    public string Name { get; }

    /// <summary>The current schema version; older versions are upcast to it.</summary>
    public int Version { get; }

    /// <summary>The record type the data deserializes to.</summary>
    public Type ClrType { get; }

    /// <summary>The source-generated JSON contract of <see cref="ClrType"/>.</summary>
    public JsonTypeInfo TypeInfo { get; }
}
