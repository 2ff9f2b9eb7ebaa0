using Npgsql;
using NpgsqlTypes;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// The <c>replay_jobs</c> table (Migrations/0010_replay_jobs.sql): creating jobs (idempotent by key), reading them,
/// and cancelling them. Taking, holding and finishing a job are in <c>ReplayJobStore.Leases.cs</c>.
/// </summary>
internal sealed partial class ReplayJobStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, filter_from, filter_to, filter_stream, filter_type, filter_correlation_id, target_stream, rate_per_second, state, matched, " +
        "published, page_cursor, last_event_id, last_event_timestamp, created_at, started_at, finished_at, error, failures, request_digest";

    /// <summary>
    /// Inserts a queued job, or, when <paramref name="idempotencyKey"/> was used before, returns that key's job instead
    /// (<see cref="ReplayCreation.Created"/> false; <see cref="ReplayCreation.SameRequest"/> says whether its spec matches).
    /// </summary>
    public async Task<ReplayCreation> CreateAsync(string id, ReplaySpec spec, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var digest = spec.Digest();
        await using (var insert = dataSource.CreateCommand(
            $"""
            INSERT INTO replay_jobs (id, idempotency_key, request_digest, filter_from, filter_to, filter_stream, filter_type, filter_correlation_id,
                                     target_stream, rate_per_second, state, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', $11)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING {Columns}
            """))
        {
            insert.Parameters.Add(Text(id));
            insert.Parameters.Add(Text(idempotencyKey));
            insert.Parameters.Add(Text(digest));
            insert.Parameters.Add(Time(spec.From));
            insert.Parameters.Add(Time(spec.To));
            insert.Parameters.Add(Text(spec.Stream));
            insert.Parameters.Add(Text(spec.Type));
            insert.Parameters.Add(Text(spec.CorrelationId));
            insert.Parameters.Add(Text(spec.TargetStream));
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = spec.RatePerSecond });
            insert.Parameters.Add(Time(now));
            if (await ReadOneAsync(insert, cancellationToken) is { } created)
            {
                return new ReplayCreation(created.Job, Created: true, SameRequest: true);
            }
        }

        // The key's row exists: ON CONFLICT DO NOTHING waited for a racing insert of it to commit, so it is visible now.
        await using var select = dataSource.CreateCommand($"SELECT {Columns} FROM replay_jobs WHERE idempotency_key = $1");
        select.Parameters.Add(Text(idempotencyKey));
        var existing = await ReadOneAsync(select, cancellationToken)
            ?? throw new InvalidOperationException($"Replay job with Idempotency-Key '{idempotencyKey}' conflicted on insert but cannot be read.");
        return new ReplayCreation(existing.Job, Created: false, SameRequest: existing.Digest == digest);
    }

    /// <summary>The job with this id, or null.</summary>
    public async Task<ReplayJob?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM replay_jobs WHERE id = $1");
        command.Parameters.Add(Text(id));
        return (await ReadOneAsync(command, cancellationToken))?.Job;
    }

    /// <summary>
    /// Cancels the job when it is queued or running (its runner sees it at its next progress save and stops); returns the
    /// job as it is afterwards and whether this call cancelled it, or null when there is no such job.
    /// </summary>
    public async Task<(ReplayJob Job, bool Cancelled)?> CancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var update = dataSource.CreateCommand(
            $"""
            UPDATE replay_jobs SET state = 'cancelled', finished_at = $2, lease_owner = NULL, lease_expires = NULL
            WHERE id = $1 AND state IN ('queued', 'running')
            RETURNING {Columns}
            """))
        {
            update.Parameters.Add(Text(id));
            update.Parameters.Add(Time(now));
            if (await ReadOneAsync(update, cancellationToken) is { } cancelled)
            {
                return (cancelled.Job, true);
            }
        }

        return await GetAsync(id, cancellationToken) is { } ended ? (ended, false) : null;
    }

    private static async Task<(ReplayJob Job, string Digest)?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var job = new ReplayJob
        {
            Id = reader.GetString(0),
            Spec = new ReplaySpec
            {
                From = NullableTime(reader, 1),
                To = NullableTime(reader, 2),
                Stream = NullableText(reader, 3),
                Type = NullableText(reader, 4),
                CorrelationId = NullableText(reader, 5),
                TargetStream = NullableText(reader, 6),
                RatePerSecond = reader.GetInt32(7),
            },
            State = ReplayJobStates.Parse(reader.GetString(8)),
            Matched = reader.GetInt64(9),
            Published = reader.GetInt64(10),
            PageCursor = NullableText(reader, 11),
            LastEventId = NullableText(reader, 12),
            LastEventTimestamp = NullableTime(reader, 13),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(14),
            StartedAt = NullableTime(reader, 15),
            FinishedAt = NullableTime(reader, 16),
            Error = NullableText(reader, 17),
            Failures = reader.GetInt32(18),
        };
        return (job, reader.GetString(19));
    }

    private static string? NullableText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    // timestamptz takes UTC only (Npgsql 6+), so every time is normalised before it is sent.
    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } time ? time.ToUniversalTime() : DBNull.Value };
}
