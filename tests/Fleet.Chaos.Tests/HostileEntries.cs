using System.Text;
using System.Text.Json;
using Fleet.Events;
using NUlid;

namespace Fleet.Chaos.Tests;

/// <summary>
/// The malformed entries of issue 7 (sections 2 and 8), each built from a valid envelope with one thing broken:
/// a missing id, a timestamp that is not RFC 3339, data that is not a JSON object, a repeated envelope field, and
/// binary field names. docs/events.md: each one is dead-lettered with a reason, byte for byte.
/// </summary>
internal static class HostileEntries
{
    private const string Publisher = "hostile";

    private static readonly Func<long, HostileEntry>[] Variants =
    [
        seq => Build("missing id", seq, fields => fields.Where(f => f.Name != EnvelopeFields.Id)),
        seq => Build("bad timestamp", seq, fields => Replace(fields, EnvelopeFields.Timestamp, "1.5")),
        seq => Build("bad timestamp", seq, fields => Replace(fields, EnvelopeFields.Timestamp, "10:30")),
        seq => Build("bad timestamp", seq, fields => Replace(fields, EnvelopeFields.Timestamp, "1/2/3")),
        seq => Build("data not JSON", seq, fields => Replace(fields, EnvelopeFields.Data, "{not json")),
        seq => Build("data not JSON", seq, fields => Replace(fields, EnvelopeFields.Data, "null")),
        seq => Build("data not JSON", seq, fields => Replace(fields, EnvelopeFields.Data, "[1,2]")),
        seq => Build("duplicate field", seq, fields => Prepend(fields, EnvelopeFields.Id, "not-a-ulid")),
        seq => Build("duplicate field", seq, fields => Prepend(fields, EnvelopeFields.Data, Data(seq + 1_000_000_000))),
        seq => Build("duplicate field", seq, fields => Prepend(fields, EnvelopeFields.Type, "chaos.unknown")),
        seq => BuildBytes("binary field names", seq, fields => fields
            .Where(f => f.Name != EnvelopeFields.Id)
            .Select(f => (Encoding.UTF8.GetBytes(f.Name), Encoding.UTF8.GetBytes(f.Value)))
            .Append(([0xFF, 0xFE, 0x00, (byte)'i', (byte)'d'], [0x80, 0x00, 0xC3]))),
    ];

    /// <summary>The <paramref name="index"/>-th hostile entry, cycling through every variant.</summary>
    public static HostileEntry Create(int index) => Variants[index % Variants.Length](index + 1);

    /// <summary>A valid envelope a producer in another language would write, with <c>publisher = raw</c>.</summary>
    public static IReadOnlyList<(string Name, string Value)> Valid(long seq, string publisher = "raw") =>
        [.. EnvelopeCodec.Encode(new EventEnvelope
            {
                Id = Ulid.NewUlid(),
                Type = ChaosTick.TypeName,
                Version = 1,
                Timestamp = DateTimeOffset.UtcNow,
                Data = Encoding.UTF8.GetBytes(Data(seq, publisher)),
            })
            .Select(f => (f.Name, f.Value.ToString()))];

    private static string Data(long seq, string publisher = Publisher) =>
        JsonSerializer.Serialize(new ChaosTick(seq, publisher), ChaosJsonContext.Default.ChaosTick);

    private static HostileEntry Build(string kind, long seq, Func<IEnumerable<(string Name, string Value)>, IEnumerable<(string Name, string Value)>> alter) =>
        BuildBytes(kind, seq, fields => alter(fields).Select(f => (Encoding.UTF8.GetBytes(f.Name), Encoding.UTF8.GetBytes(f.Value))));

    private static HostileEntry BuildBytes(string kind, long seq, Func<IEnumerable<(string Name, string Value)>, IEnumerable<(byte[] Name, byte[] Value)>> alter) =>
        new(kind, [.. alter(Valid(seq, Publisher))]);

    private static IEnumerable<(string Name, string Value)> Replace(IEnumerable<(string Name, string Value)> fields, string name, string value) =>
        fields.Select(f => f.Name == name ? (f.Name, value) : f);

    private static IEnumerable<(string Name, string Value)> Prepend(IEnumerable<(string Name, string Value)> fields, string name, string value) =>
        fields.SelectMany(f => f.Name == name ? [(name, value), f] : new[] { f });
}
