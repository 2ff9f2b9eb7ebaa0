using Microsoft.Extensions.Options;
using static System.FormattableString;

namespace Fleet.EventGateway.Dashboard;

/// <summary>Checks <see cref="DashboardOptions"/> at start; each failure names the option as <c>Dashboard:Property</c>.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.JaegerUrl)
            && (!Uri.TryCreate(options.JaegerUrl, UriKind.Absolute, out var jaeger) || (jaeger.Scheme != Uri.UriSchemeHttp && jaeger.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add(Invariant($"Dashboard:JaegerUrl must be an absolute http or https URL such as http://localhost:16686, or empty; got '{options.JaegerUrl}'."));
        }

        if (options.MaxTailClients is < 1 or > 1000)
        {
            failures.Add(Invariant($"Dashboard:MaxTailClients must be between 1 and 1000; got {options.MaxTailClients}."));
        }

        if (options.StatsInterval < TimeSpan.FromMilliseconds(100) || options.StatsInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add(Invariant($"Dashboard:StatsInterval must be between 00:00:00.1 and 00:01:00; got {options.StatsInterval:c}."));
        }

        if (options.LagHistory < options.StatsInterval || options.LagHistory > TimeSpan.FromHours(1))
        {
            failures.Add(Invariant($"Dashboard:LagHistory must be between Dashboard:StatsInterval and 01:00:00; got {options.LagHistory:c}."));
        }

        if (options.TailHeartbeat < TimeSpan.FromMilliseconds(100) || options.TailHeartbeat > TimeSpan.FromMinutes(1))
        {
            failures.Add(Invariant($"Dashboard:TailHeartbeat must be between 00:00:00.1 and 00:01:00; got {options.TailHeartbeat:c}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
