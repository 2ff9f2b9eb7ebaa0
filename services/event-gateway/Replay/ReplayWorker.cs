using Fleet.EventGateway.Archive;
using Fleet.Events;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// The replay loop of one gateway replica: takes one runnable job at a time (<see cref="ReplayJobStore.TryAcquireAsync"/>),
/// runs it, and polls again. A failed attempt gives the job up for any replica to retry from its saved cursor; after
/// <see cref="ReplayOptions.MaxFailures"/> in a row, or an event no stream may take, the job fails.
/// </summary>
internal sealed class ReplayWorker(
    ArchiveSchema schema, ReplayJobStore store, ReplayRunner runner, ReplayWakeUp wakeUp, IOptions<ReplayOptions> options, TimeProvider time, ILogger<ReplayWorker> logger)
    : BackgroundService
{
    private readonly ReplayOptions _options = options.Value;

    /// <summary>This replica's name in <c>replay_jobs.lease_owner</c>: the host, and a random part so two workers never share it.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // replay_jobs is created by the archive's migration runner (Migrations/0010_replay_jobs.sql).
        await schema.WaitAsync(stoppingToken);
        var pollFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            ReplayJob? job;
            try
            {
                job = await store.TryAcquireAsync(Owner, time.GetUtcNow(), _options.LeaseTime, stoppingToken);
                pollFailures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.ReplayPollFailed(logger, e, ++pollFailures);
                await Task.Delay(RetryBackoff.Delay(pollFailures), time, stoppingToken);
                continue;
            }

            if (job is null)
            {
                await wakeUp.WaitAsync(_options.PollInterval, time, stoppingToken);
                continue;
            }

            await RunAsync(job, stoppingToken);
        }
    }

    private async Task RunAsync(ReplayJob job, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunAsync(job, Owner, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(job);
            throw;
        }
        catch (EventTooLargeException e)
        {
            // No retry makes the event fit: fail the job at once, naming the event's type, size and the limit.
            Log.ReplayJobFailed(logger, job.Id, e.Message);
            await store.FinishAsync(job.Id, Owner, ReplayJobState.Failed, e.Message, time.GetUtcNow(), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            await RecordFailureAsync(job, e, stoppingToken);
        }
    }

    private async Task RecordFailureAsync(ReplayJob job, Exception error, CancellationToken stoppingToken)
    {
        int failures;
        try
        {
            failures = await store.RecordFailureAsync(job.Id, Owner, error.Message, _options.MaxFailures, time.GetUtcNow(), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // PostgreSQL is unreachable too: the lease expires and the job is retried from its saved cursor.
            Log.ReplayJobAttemptFailed(logger, error, job.Id, 0, _options.MaxFailures);
            await Task.Delay(_options.LeaseTime, time, stoppingToken);
            return;
        }

        if (failures >= _options.MaxFailures)
        {
            Log.ReplayJobFailed(logger, job.Id, error.Message);
            return;
        }

        Log.ReplayJobAttemptFailed(logger, error, job.Id, failures, _options.MaxFailures);
        await Task.Delay(RetryBackoff.Delay(failures), time, stoppingToken);
    }

    /// <summary>At a graceful stop the job is given up at once; a killed replica's lease simply expires.</summary>
    private async Task ReleaseAsync(ReplayJob job)
    {
        try
        {
            await store.ReleaseAsync(job.Id, Owner, CancellationToken.None);
            Log.ReplayJobReleased(logger, job.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Then the lease expires after Replay:LeaseTime and another replica resumes the job.
            Log.ReplayJobAttemptFailed(logger, e, job.Id, 0, _options.MaxFailures);
        }
    }
}
