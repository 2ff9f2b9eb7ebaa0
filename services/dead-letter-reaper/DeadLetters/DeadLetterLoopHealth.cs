using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>
/// Health of the dead-letter loop (check <c>dead-letter-reaper</c>, tag <c>ready</c>): unhealthy until it has read every
/// <c>:dlq</c> once (its groups exist and its own pending entries are taken back), and while its reads fail.
/// </summary>
internal sealed class DeadLetterLoopHealth : IHealthCheck
{
    private volatile bool _read;
    private volatile string? _failure;

    public void MarkRead()
    {
        _read = true;
        _failure = null;
    }

    public void MarkFailing(Exception exception) => _failure = $"{exception.GetType().Name}: {exception.Message}";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult((_read, _failure) switch
        {
            (_, { } failure) => HealthCheckResult.Unhealthy($"The dead-letter loop is failing: {failure}"),
            (false, _) => HealthCheckResult.Unhealthy("The dead-letter loop has not read the dead letters yet."),
            _ => HealthCheckResult.Healthy(),
        });
}
