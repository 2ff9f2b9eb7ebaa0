using System.Text;
using System.Text.Unicode;
using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>
/// One field of a stream entry: a name and a binary-safe value. Redis field names are bytes like values; a name that is
/// valid UTF-8 is held as its string (decoding and encoding it again gives the same bytes), any other name as its
/// bytes, so a field read from Redis and written back (a dead letter, a copy) keeps every byte of its name.
/// </summary>
public readonly struct StreamField : IEquatable<StreamField>
{
    // A string, or a byte[] for a name that is not valid UTF-8. One reference keeps the struct as small as a plain
    // (string, value) pair, so the arrays a consumer allocates per entry did not grow with byte names.
    private readonly object _name;

    /// <summary>A field with a text name (sent as UTF-8).</summary>
    public StreamField(string name, RedisValue value)
    {
        _name = name;
        Value = value;
    }

    /// <summary>
    /// A field whose name is the exact bytes <paramref name="name"/>, e.g. a name that is not valid UTF-8. A name that is
    /// valid UTF-8 is kept as its string; otherwise the array is kept (not copied): do not change it afterwards.
    /// </summary>
    public StreamField(byte[] name, RedisValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        _name = Utf8.IsValid(name) ? Encoding.UTF8.GetString(name) : name;
        Value = value;
    }

    private StreamField(object name, RedisValue value)
    {
        _name = name;
        Value = value;
    }

    /// <summary>
    /// The name as text. A name that is not valid UTF-8 reads with U+FFFD in place of its invalid bytes (and allocates a
    /// string on each read); <see cref="NameBytes"/> has its exact bytes.
    /// </summary>
    public string Name
    {
        get => _name as string ?? (_name is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null!);
        init => _name = value;
    }

    /// <summary>The name's exact bytes as a value to send (its UTF-8 text for a text name).</summary>
    public RedisValue NameBytes => _name is byte[] bytes ? bytes : (string?)_name;

    /// <summary>Whether the name is not valid UTF-8 (so <see cref="Name"/> differs from <see cref="NameBytes"/>).</summary>
    public bool HasBinaryName => _name is byte[];

    /// <summary>The field value; any bytes.</summary>
    public RedisValue Value { get; init; }

    /// <summary>Whether the fields have the same name bytes and the same value bytes.</summary>
    public static bool operator ==(StreamField left, StreamField right) => left.Equals(right);

    /// <summary>Whether the fields differ in their name or value bytes.</summary>
    public static bool operator !=(StreamField left, StreamField right) => !left.Equals(right);

    /// <summary>Splits the field into its text name and its value.</summary>
    public void Deconstruct(out string name, out RedisValue value)
    {
        name = Name;
        value = Value;
    }

    /// <inheritdoc/>
    public bool Equals(StreamField other) => NameEquals(_name, other._name) && Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StreamField other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(NameHash(_name), Value);

    /// <summary>The name and value as text, for diagnostics.</summary>
    public override string ToString() => $"{Name}: {Value}";

    // A valid UTF-8 name is always held as its string, so a string name never has the bytes of a byte[] name: comparing
    // like with like gives byte equality without encoding or copying either name.
    private static bool NameEquals(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
        _ => left is null && right is null,
    };

    private static int NameHash(object? name)
    {
        switch (name)
        {
            case string text:
                return string.GetHashCode(text, StringComparison.Ordinal);
            case byte[] bytes:
                var hash = new HashCode();
                hash.AddBytes(bytes);
                return hash.ToHashCode();
            default:
                return 0;
        }
    }

        /// <summary>Whether the field has a name at all (a default field or a null string has none).</summary>
    internal bool HasName => _name is not null;

    /// <summary>
    /// A field read from a reply, with no value yet: a UTF-8 name through <see cref="NameCache"/> (no string per field
    /// per entry for the names a stream repeats), any other name as a copy of its bytes.
    /// </summary>
    internal static StreamField FromWireName(ReadOnlySpan<byte> name) =>
        new(NameCache.TryGetUtf8(name, out var text) ? text : (object)name.ToArray(), RedisValue.Null);

    /// <summary>The same field with its value (and a binary name) copied into arrays of its own.</summary>
    internal StreamField Copy() => new(_name is byte[] bytes ? bytes.ToArray() : _name, Value.ToArray());

    /// <summary>Writes the name as a command argument, byte for byte.</summary>
    internal void WriteName(CommandWriter command)
    {
        if (_name is byte[] bytes)
        {
            command.Write(bytes.AsSpan());
        }
        else
        {
            command.Write((string)_name);
        }
    }
}
