using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Fleet.Events;

/// <summary>
/// The event types a process knows: name + version → record type, serialized with System.Text.Json source
/// generation (<see cref="JsonTypeInfo{T}"/>), validated by their data annotations, upcast from older versions.
/// Registration happens at start-up; after that the registry is read-only and safe to share.
/// </summary>
public sealed class EventTypeRegistry
{
    // Read on every publish and every delivery, written only at start-up: lookups take no lock; the gate only keeps
    // the two maps of one registration consistent.
    private readonly ConcurrentDictionary<string, EventTypeDescriptor> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, EventTypeDescriptor> _byType = new();
    private readonly ConcurrentDictionary<(string Name, int FromVersion), Func<JsonObject, JsonObject>> _upcasters = new();
    private readonly Lock _gate = new();

    /// <summary>
    /// Registers <typeparamref name="T"/> as <paramref name="name"/> at <paramref name="version"/>. One record
    /// type per name and one name per record type.
    /// </summary>
    public EventTypeRegistry Add<T>(string name, int version, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (!EnvelopeCodec.IsValidTypeName(name))
        {
            throw new ArgumentException($"Event type name '{name}' is not a dotted lower-case name such as 'file.uploaded'.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        lock (_gate)
        {
            if (_byName.TryGetValue(name, out var existing))
            {
                throw new InvalidOperationException($"Event type '{name}' is already registered (as {existing.ClrType.Name} v{existing.Version}).");
            }

            if (_byType.TryGetValue(typeof(T), out existing))
            {
                throw new InvalidOperationException($"{typeof(T).Name} is already registered as '{existing.Name}'.");
            }

            var descriptor = new EventTypeDescriptor(name, version, typeof(T), typeInfo);
            _byName[name] = descriptor;
            _byType[typeof(T)] = descriptor;
        }

        return this;
    }

    /// <summary>
    /// Registers the step that turns data of <paramref name="name"/> at <paramref name="fromVersion"/> into
    /// <paramref name="fromVersion"/> + 1. A consumer reading version v applies each step from v up to the
    /// registered version.
    /// </summary>
    public EventTypeRegistry AddUpcaster(string name, int fromVersion, Func<JsonObject, JsonObject> upcast)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(upcast);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        if (!_upcasters.TryAdd((name, fromVersion), upcast))
        {
            throw new InvalidOperationException($"An upcaster for '{name}' v{fromVersion} is already registered.");
        }

        return this;
    }

    /// <summary>Every registered type.</summary>
    public IReadOnlyCollection<EventTypeDescriptor> Types
    {
        get => [.. _byName.Values];
    }

    /// <summary>The descriptor registered under <paramref name="name"/>, if any.</summary>
    public bool TryGet(string name, out EventTypeDescriptor descriptor) => _byName.TryGetValue(name, out descriptor!);

    /// <summary>The descriptor of <typeparamref name="T"/>; throws naming the type when it is not registered.</summary>
    public EventTypeDescriptor Get<T>() => Get(typeof(T));

    /// <summary>The descriptor of <paramref name="type"/>; throws naming the type when it is not registered.</summary>
    public EventTypeDescriptor Get(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _byType.TryGetValue(type, out var descriptor)
            ? descriptor
            : throw new InvalidOperationException($"{type.Name} is not a registered event type; register it with AddEventType<{type.Name}>(name, version, jsonTypeInfo).");
    }

    /// <summary>
    /// Checks <paramref name="data"/> against its registered contract, nested records and collection items included, as
    /// the publisher does before it writes anything: for a caller that wants every broken rule before it publishes.
    /// Throws <see cref="EventValidationException"/> listing every broken rule with its member path.
    /// </summary>
    public void Validate<T>(T data)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(data);
        EventValidator.Validate(Get(data.GetType()).Name, data);
    }

    /// <summary>
    /// Serializes <paramref name="data"/> with its registered contract after validating it. Throws
    /// <see cref="EventValidationException"/> listing every broken rule.
    /// </summary>
    public byte[] Serialize<T>(T data, out EventTypeDescriptor descriptor)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(data);
        descriptor = Get(data.GetType());
        EventValidator.Validate(descriptor.Name, data);
        return JsonSerializer.SerializeToUtf8Bytes(data, descriptor.TypeInfo);
    }

    /// <summary>
    /// Reads <paramref name="data"/> of <paramref name="name"/> at <paramref name="version"/> into the registered
    /// record, upcasting older versions, then validates it. Throws <see cref="UnknownEventVersionException"/>,
    /// <see cref="EventValidationException"/> (also for JSON that does not fit the record), or
    /// <see cref="InvalidOperationException"/> for an unregistered name.
    /// </summary>
    public object Deserialize(string name, int version, ReadOnlyMemory<byte> data) =>
        TryGet(name, out var descriptor)
            ? Deserialize(descriptor, version, data)
            : throw new InvalidOperationException($"Event type '{name}' is not registered.");

    /// <summary>As <see cref="Deserialize(string, int, ReadOnlyMemory{byte})"/>, for a caller that holds the descriptor already.</summary>
    public object Deserialize(EventTypeDescriptor descriptor, int version, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var name = descriptor.Name;
        object? value;
        try
        {
            value = version == descriptor.Version
                ? JsonSerializer.Deserialize(data.Span, descriptor.TypeInfo)
                : Upcast(descriptor, version, data).Deserialize(descriptor.TypeInfo);
        }
        catch (JsonException e)
        {
            throw new EventValidationException(name, [$"data does not match {descriptor.ClrType.Name} v{descriptor.Version}: {e.Message}"]);
        }

        if (value is null)
        {
            throw new EventValidationException(name, ["data is null"]);
        }

        EventValidator.Validate(name, value);
        return value;
    }

    /// <summary>The JSON Schema (draft 2020-12) of <paramref name="name"/>'s data, for producers in other languages.</summary>
    public JsonObject ExportJsonSchema(string name) =>
        TryGet(name, out var descriptor)
            ? EventJsonSchema.Export(descriptor)
            : throw new InvalidOperationException($"Event type '{name}' is not registered.");

    /// <summary>The JSON Schema of every registered type, by type name.</summary>
    public IReadOnlyDictionary<string, JsonObject> ExportJsonSchemas() =>
        Types.ToFrozenDictionary(t => t.Name, EventJsonSchema.Export, StringComparer.Ordinal);

    private JsonObject Upcast(EventTypeDescriptor descriptor, int version, ReadOnlyMemory<byte> data)
    {
        if (version > descriptor.Version)
        {
            throw new UnknownEventVersionException(
                $"Event '{descriptor.Name}' v{version} is newer than the v{descriptor.Version} this process knows; deploy the newer contract.");
        }

        var node = JsonNode.Parse(data.Span) as JsonObject
            ?? throw new EventValidationException(descriptor.Name, ["data is not a JSON object"]);
        for (var from = version; from < descriptor.Version; from++)
        {
            if (!_upcasters.TryGetValue((descriptor.Name, from), out var step))
            {
                throw new UnknownEventVersionException(
                    $"Event '{descriptor.Name}' v{version} cannot be read: no upcaster from v{from} to v{from + 1}.");
            }

            node = step(node);
        }

        return node;
    }
}
