using Npgsql;
using NpgsqlTypes;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// Binary COPY of <see cref="EventRow"/>s and <see cref="EntryRow"/>s into a table shaped like <c>archived_events</c> or
/// <c>archived_entries</c>: the fastest way into PostgreSQL (one round trip of typed binary values, no SQL per row).
/// </summary>
internal static class ArchiveCopy
{
    public const string EventColumns =
        "id, type, version, \"timestamp\", correlation_id, causation_id, user_id, stream, entry_id, data, metadata, traceparent, tracestate, archived_at";

    public const string EntryColumns =
        "stream, kind, entry_id, at, id, type, version, \"timestamp\", correlation_id, causation_id, user_id, data, metadata, traceparent, tracestate, reasons, error_type, failed_at, fields, error, archived_at";

    public static async Task<ulong> EventsAsync(NpgsqlConnection connection, string table, IEnumerable<EventRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({EventColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(row.Id, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.Type, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.Version, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(row.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await TextAsync(writer, row.CorrelationId, cancellationToken);
            await TextAsync(writer, row.CausationId, cancellationToken);
            await TextAsync(writer, row.UserId, cancellationToken);
            await writer.WriteAsync(row.Stream, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.EntryId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.Data, NpgsqlDbType.Jsonb, cancellationToken);
            await JsonAsync(writer, row.Metadata, cancellationToken);
            await TextAsync(writer, row.TraceParent, cancellationToken);
            await TextAsync(writer, row.TraceState, cancellationToken);
            await writer.WriteAsync(row.ArchivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
        }

        return await writer.CompleteAsync(cancellationToken);
    }

    public static async Task<ulong> EntriesAsync(NpgsqlConnection connection, string table, IEnumerable<EntryRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({EntryColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(row.Stream, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(ArchiveKinds.ToText(row.Kind), NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.EntryId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.At.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await TextAsync(writer, row.Id, cancellationToken);
            await TextAsync(writer, row.Type, cancellationToken);
            if (row.Version is { } version)
            {
                await writer.WriteAsync(version, NpgsqlDbType.Integer, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }

            await TimeAsync(writer, row.Timestamp, cancellationToken);
            await TextAsync(writer, row.CorrelationId, cancellationToken);
            await TextAsync(writer, row.CausationId, cancellationToken);
            await TextAsync(writer, row.UserId, cancellationToken);
            await JsonAsync(writer, row.Data, cancellationToken);
            await JsonAsync(writer, row.Metadata, cancellationToken);
            await TextAsync(writer, row.TraceParent, cancellationToken);
            await TextAsync(writer, row.TraceState, cancellationToken);
            await JsonAsync(writer, row.Reasons, cancellationToken);
            await TextAsync(writer, row.ErrorType, cancellationToken);
            await TimeAsync(writer, row.FailedAt, cancellationToken);
            await JsonAsync(writer, row.Fields, cancellationToken);
            await TextAsync(writer, row.Error, cancellationToken);
            await writer.WriteAsync(row.ArchivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
        }

        return await writer.CompleteAsync(cancellationToken);
    }

    private static Task TextAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task JsonAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Jsonb, cancellationToken);

    private static Task TimeAsync(NpgsqlBinaryImporter writer, DateTimeOffset? value, CancellationToken cancellationToken) =>
        value is { } time ? writer.WriteAsync(time.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken) : writer.WriteNullAsync(cancellationToken);
}
