using NpgsqlTypes;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// Taking and holding a job: one replica at a time holds a runnable job by its lease (<c>lease_owner</c>,
/// <c>lease_expires</c>); every write of a runner is conditional on still holding it, so a replica whose lease expired
/// (paused, partitioned) finds out at its next save and stops.
/// </summary>
internal sealed partial class ReplayJobStore
{
    /// <summary>
    /// Takes the oldest queued job, or a running one whose lease expired (its replica died), for <paramref name="owner"/>
    /// until <paramref name="now"/> + <paramref name="leaseTime"/>; null when there is none. SKIP LOCKED lets replicas
    /// poll at once without waiting on each other, and the row lock makes exactly one of them win a job.
    /// </summary>
    public async Task<ReplayJob?> TryAcquireAsync(string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE replay_jobs SET state = 'running', lease_owner = $1, lease_expires = $3, started_at = coalesce(started_at, $2)
            WHERE id = (
                SELECT id FROM replay_jobs
                WHERE state IN ('queued', 'running') AND (lease_expires IS NULL OR lease_expires < $2)
                ORDER BY created_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        command.Parameters.Add(Text(owner));
        command.Parameters.Add(Time(now));
        command.Parameters.Add(Time(now + leaseTime));
        return (await ReadOneAsync(command, cancellationToken))?.Job;
    }

    /// <summary>
    /// Saves <paramref name="progress"/> and extends the lease, only while <paramref name="owner"/> holds the running job.
    /// False means stop: the job was cancelled, or another replica took it over.
    /// </summary>
    public async Task<bool> SaveProgressAsync(string id, string owner, ReplayProgress progress, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await using var command = dataSource.CreateCommand(
            """
            UPDATE replay_jobs SET matched = $3, published = $4, page_cursor = $5, last_event_id = $6, last_event_timestamp = $7,
                                   lease_expires = $8, failures = 0, error = NULL
            WHERE id = $1 AND lease_owner = $2 AND state = 'running'
            """);
        command.Parameters.Add(Text(id));
        command.Parameters.Add(Text(owner));
        command.Parameters.Add(new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = progress.Matched });
        command.Parameters.Add(new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = progress.Published });
        command.Parameters.Add(Text(progress.PageCursor));
        command.Parameters.Add(Text(progress.LastEventId));
        command.Parameters.Add(Time(progress.LastEventTimestamp));
        command.Parameters.Add(Time(now + leaseTime));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Ends the job as <paramref name="state"/> (completed or failed) while <paramref name="owner"/> holds it.</summary>
    public async Task<bool> FinishAsync(string id, string owner, ReplayJobState state, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE replay_jobs SET state = $3, error = $4, finished_at = $5, lease_owner = NULL, lease_expires = NULL
            WHERE id = $1 AND lease_owner = $2 AND state = 'running'
            """);
        command.Parameters.Add(Text(id));
        command.Parameters.Add(Text(owner));
        command.Parameters.Add(Text(ReplayJobStates.Text(state)));
        command.Parameters.Add(Text(error));
        command.Parameters.Add(Time(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Records a failed attempt and gives the job up (lease released, so any replica retries it at its next poll), or
    /// fails it once <paramref name="maxFailures"/> attempts in a row failed. Returns the failures counted so far.
    /// </summary>
    public async Task<int> RecordFailureAsync(string id, string owner, string error, int maxFailures, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE replay_jobs SET failures = failures + 1, error = $3, lease_owner = NULL, lease_expires = NULL,
                                   state = CASE WHEN failures + 1 >= $4 THEN 'failed' ELSE state END,
                                   finished_at = CASE WHEN failures + 1 >= $4 THEN $5 ELSE finished_at END
            WHERE id = $1 AND lease_owner = $2 AND state = 'running'
            RETURNING failures
            """);
        command.Parameters.Add(Text(id));
        command.Parameters.Add(Text(owner));
        command.Parameters.Add(Text(error));
        command.Parameters.Add(new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = maxFailures });
        command.Parameters.Add(Time(now));
        return await command.ExecuteScalarAsync(cancellationToken) is int failures ? failures : 0;
    }

    /// <summary>Gives the job up at a graceful stop, so another replica resumes it at once instead of after the lease time.</summary>
    public async Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE replay_jobs SET lease_owner = NULL, lease_expires = NULL WHERE id = $1 AND lease_owner = $2 AND state = 'running'");
        command.Parameters.Add(Text(id));
        command.Parameters.Add(Text(owner));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
