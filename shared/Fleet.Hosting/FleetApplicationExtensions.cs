using Fleet.Hosting.Configuration;
using Fleet.Hosting.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Hosting;

/// <summary>Runs a Fleet service to the end and turns how it ended into the process's exit code.</summary>
public static class FleetApplicationExtensions
{
    /// <summary>
    /// Validates every option first (everything registered with ValidateOnStart, the Redis URL included); on a problem
    /// prints <c>Configuration error: …</c> on stderr, one line per problem naming the option and never a secret, and
    /// returns <see cref="FleetExitCodes.ConfigurationError"/> (2) without starting anything. Otherwise starts the service,
    /// runs until SIGTERM or Ctrl-C, stops it (consumers stop reading and finish their in-flight work within the shutdown
    /// timeout), disposes it (which flushes telemetry) and returns <see cref="FleetExitCodes.Stopped"/> (0); a failed
    /// start or a failed background service gives one line on stderr and <see cref="FleetExitCodes.Failed"/> (1).
    /// </summary>
    /// <param name="app">The application built from a builder on which
    /// <see cref="FleetServiceBuilderExtensions.AddFleetService"/> ran.</param>
    /// <returns>The exit code for <c>return await app.RunFleetServiceAsync();</c> in Program.cs.</returns>
    public static Task<int> RunFleetServiceAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return RunAsync(app, Console.Error);
    }

    /// <summary><see cref="RunFleetServiceAsync"/> writing its error lines to <paramref name="errors"/>.</summary>
    internal static async Task<int> RunAsync(WebApplication app, TextWriter errors)
    {
        var identity = app.Services.GetService<FleetServiceIdentity>()
            ?? throw new InvalidOperationException("RunFleetServiceAsync needs builder.AddFleetService(name) before builder.Build().");
        var mask = app.Services.GetRequiredService<RedisUrlSetting>().Mask;
        await using (app.ConfigureAwait(false))
        {
            if (Validate(app.Services) is { } problems)
            {
                return await ReportAsync(errors, mask, problems).ConfigureAwait(false);
            }

            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FleetApplicationExtensions).Namespace!);
            var options = app.Services.GetRequiredService<IOptions<FleetHostingOptions>>().Value;
            var redis = app.Services.GetRequiredService<RedisUrlSetting>().Options!.ToString();
            var otlp = string.IsNullOrWhiteSpace(app.Configuration[FleetTelemetry.EndpointVariable]) ? "off" : "on";
            Log.Starting(logger, identity.ServiceName, identity.Version, identity.InstanceName, redis, options.Http.Port, otlp);
            var background = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToArray();
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (ConfigurationErrorReport.Problems(e) is { } late)
            {
                // Options a service validates only when first used (no ValidateOnStart): still one line each, exit code 2.
                return await ReportAsync(errors, mask, late).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The port in use, the instance name held by a live process: the log has the stack trace, stderr one line.
                Log.StartFailed(logger, e, identity.ServiceName);
                await errors.WriteLineAsync($"Start failed: {mask.Apply(e.Message.ReplaceLineEndings(" "))}").ConfigureAwait(false);
                return FleetExitCodes.Failed;
            }

            // Returns once SIGTERM or Ctrl-C (or a failed background service) stopped the host and StopAsync finished.
            await app.WaitForShutdownAsync().ConfigureAwait(false);
            if (background.Select(s => s.ExecuteTask?.Exception).FirstOrDefault(e => e is not null) is { } failure)
            {
                Log.BackgroundServiceFailed(logger, failure, identity.ServiceName);
                await errors.WriteLineAsync($"Stopped after a failure: {mask.Apply(failure.GetBaseException().Message.ReplaceLineEndings(" "))}").ConfigureAwait(false);
                return FleetExitCodes.Failed;
            }

            Log.Stopped(logger, identity.ServiceName);
            return FleetExitCodes.Stopped;
        }
    }

    private static async Task<int> ReportAsync(TextWriter errors, SecretMask mask, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            await errors.WriteLineAsync(ConfigurationErrorReport.Prefix + mask.Apply(problem)).ConfigureAwait(false);
        }

        return FleetExitCodes.ConfigurationError;
    }

    /// <summary>Runs the start-up validation (ValidateOnStart) now, before the host resolves anything that would need a good value.</summary>
    internal static IReadOnlyList<string>? Validate(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (Exception e) when (ConfigurationErrorReport.Problems(e) is { } problems)
        {
            // A value the binder cannot convert ends the validation before the other validators run; the problems found
            // while building (the Redis URL) are reported with it all the same.
            var deferred = services.GetService<DeferredConfigurationProblems>()?.Snapshot() ?? [];
            return [.. deferred.Concat(problems).Distinct(StringComparer.Ordinal)];
        }
    }
}
