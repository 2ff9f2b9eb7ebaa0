using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// Readiness of the archive (check <c>archive</c>, tag <c>ready</c>): unhealthy until the schema is migrated, while the
/// archiver's writes or reads fail, and when PostgreSQL does not answer a <c>SELECT 1</c> (the queries would fail).
/// </summary>
internal sealed class ArchiveHealthCheck(ArchiveSchema schema, ArchiverStatus archiver, NpgsqlDataSource dataSource) : IHealthCheck
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (schema.Problem is { } problem)
        {
            return HealthCheckResult.Unhealthy(problem);
        }

        if (archiver.Failure is { } failure)
        {
            return HealthCheckResult.Unhealthy($"The archiver is failing: {failure}");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PingTimeout);
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {e.GetType().Name}: {e.Message}");
        }
    }
}
