using System.Text.Json;
using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>Reads <see cref="ArchivedEvent"/>s from the columns of <see cref="PostgresEventArchive"/>'s selects.</summary>
internal static class ArchiveRows
{
    /// <summary>A row of <c>archived_events</c>: id, type, version, timestamp, correlation, causation, user, stream, entry id, data, metadata, traceparent, archived_at.</summary>
    public static ArchivedEvent Event(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Type = reader.GetString(1),
        Version = reader.GetInt32(2),
        Timestamp = reader.GetFieldValue<DateTimeOffset>(3),
        CorrelationId = Text(reader, 4),
        CausationId = Text(reader, 5),
        UserId = Text(reader, 6),
        Stream = reader.GetString(7),
        EntryId = reader.GetString(8),
        Kind = ArchiveKind.Event,
        // jsonb read straight into a JsonElement by Npgsql: no UTF-16 string of the document on the way.
        Data = reader.GetFieldValue<JsonElement>(9),
        Metadata = reader.IsDBNull(10) ? null : reader.GetFieldValue<JsonElement>(10),
        TraceParent = Text(reader, 11),
        ArchivedAt = reader.GetFieldValue<DateTimeOffset>(12),
    };

    /// <summary>
    /// A row of <c>archived_entries</c>: seq, stream, kind, entry id, at, id, type, version, timestamp, correlation,
    /// causation, user, data, metadata, traceparent, reasons, fields, error, archived_at. An entry whose envelope did not
    /// decode has an empty id and type, version 0, its <c>at</c> as timestamp, its raw fields ([[name, value], …]) as data,
    /// and the decoding error as <c>archive_error</c> among its reasons.
    /// </summary>
    public static ArchivedEvent Entry(NpgsqlDataReader reader)
    {
        var at = reader.GetFieldValue<DateTimeOffset>(4);
        var reasons = reader.IsDBNull(15)
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize(reader.GetString(15), ArchiveJsonContext.Default.DictionaryStringString) ?? [];
        if (Text(reader, 17) is { } error)
        {
            reasons["archive_error"] = error;
        }

        return new ArchivedEvent
        {
            Id = Text(reader, 5) ?? string.Empty,
            Type = Text(reader, 6) ?? string.Empty,
            Version = reader.IsDBNull(7) ? 0 : reader.GetInt32(7),
            Timestamp = reader.IsDBNull(8) ? at : reader.GetFieldValue<DateTimeOffset>(8),
            CorrelationId = Text(reader, 9),
            CausationId = Text(reader, 10),
            UserId = Text(reader, 11),
            Stream = reader.GetString(1),
            EntryId = reader.GetString(3),
            Kind = ArchiveKinds.Parse(reader.GetString(2)),
            Data = Json(Text(reader, 12) ?? Text(reader, 16) ?? "{}"),
            Metadata = reader.IsDBNull(13) ? null : Json(reader.GetString(13)),
            TraceParent = Text(reader, 14),
            DeadLetter = reasons,
            ArchivedAt = reader.GetFieldValue<DateTimeOffset>(18),
        };
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
