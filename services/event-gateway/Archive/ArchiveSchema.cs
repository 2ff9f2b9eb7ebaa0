using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// Brings the archive's schema up to date at start (<see cref="ArchiveMigrator"/>). PostgreSQL unreachable does not stop
/// the process: the migrations are tried again with <see cref="Fleet.Events.RetryBackoff"/> while readiness reports it,
/// and the archiver waits for <see cref="WaitAsync"/>. A changed or failing migration is not transient: the service fails
/// with <see cref="ArchiveMigrationException"/>, which stops the host with that message (exit code 1).
/// </summary>
internal sealed class ArchiveSchema(ArchiveMigrator migrator, ILogger<ArchiveSchema> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _problem = "The archive's schema migrations have not run yet.";

    /// <summary>Whether every migration is applied.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Why the schema is not ready (not reached yet, or the last failure); null once it is.</summary>
    public string? Problem => _problem;

    /// <summary>Completes once every migration is applied.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var failures = 1; !stoppingToken.IsCancellationRequested; failures++)
        {
            try
            {
                var applied = await migrator.MigrateAsync(stoppingToken);
                Log.SchemaReady(logger, applied.Count, ArchiveMigration.Embedded.Count);
                _problem = null;
                _ready.TrySetResult();
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ArchiveMigrationException e)
            {
                _problem = e.Message;
                Log.SchemaFailed(logger, e);
                _ready.TrySetException(e);
                throw;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                _problem = $"PostgreSQL is unreachable, the archive's migrations will be tried again: {e.GetType().Name}: {e.Message}";
                var delay = Fleet.Events.RetryBackoff.Delay(failures);
                Log.SchemaRetrying(logger, e, failures, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, TimeProvider.System, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
