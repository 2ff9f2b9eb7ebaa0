using Fleet.Hosting.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Fleet.Hosting.Logging;

/// <summary>Serilog on stdout: compact JSON lines when stdout is redirected, readable text in a terminal.</summary>
internal static class FleetLogging
{
    /// <summary>The setting that chooses the format.</summary>
    public const string FormatKey = "Fleet:Logging:Format";

    private const string TextTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Instance} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Replaces the default logging providers with Serilog. Records still reach the other providers registered later
    /// (OpenTelemetry's, for OTLP): writeToProviders. The <c>Serilog</c> section may set minimum levels; a bad one is
    /// recorded in <paramref name="problems"/> and reported at start instead of failing the build.
    /// </summary>
    public static void Add(WebApplicationBuilder builder, FleetServiceIdentity identity, SecretMask mask, DeferredConfigurationProblems problems)
    {
        var configuration = builder.Configuration;
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (_, logger) =>
            {
                logger.MinimumLevel.Information()
                    .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                    .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                    // Npgsql logs every command at Information: thousands of lines a minute from the archiver.
                    .MinimumLevel.Override("Npgsql", LogEventLevel.Warning);
                try
                {
                    logger.ReadFrom.Configuration(configuration);
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
                {
                    problems.Add($"Serilog: {mask.Apply(e.Message)}");
                }

                logger.Enrich.FromLogContext()
                    .Enrich.With(new FleetLogEnricher(identity.ServiceName, identity.InstanceName))
                    .WriteTo.Console(Formatter(configuration, mask));
            },
            preserveStaticLogger: true,
            writeToProviders: true);
        CacheLoggers(builder.Services);
    }

    /// <summary>Wraps the ILoggerFactory AddSerilog registered in a <see cref="CachingLoggerFactory"/>.</summary>
    internal static void CacheLoggers(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory));
        if (registered is null)
        {
            return;
        }

        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(sp => new CachingLoggerFactory(registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => instance,
            { ImplementationFactory: { } factory } => (ILoggerFactory)factory(sp),
            _ => (ILoggerFactory)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
        }));
    }

    /// <summary>The formatter <see cref="FormatKey"/> asks for; an unknown value falls back to auto and is reported at start.</summary>
    internal static ITextFormatter Formatter(IConfiguration configuration, SecretMask mask)
    {
        var json = Resolve(configuration[FormatKey], Console.IsOutputRedirected) == LogFormat.Json;
        ITextFormatter formatter = json
            ? new RenderedCompactJsonFormatter()
            : new MessageTemplateTextFormatter(TextTemplate, System.Globalization.CultureInfo.InvariantCulture);
        return mask.IsEmpty ? formatter : new MaskingFormatter(formatter, mask);
    }

    /// <summary>Json or Text for the configured <paramref name="value"/>; auto means JSON when stdout is redirected.</summary>
    internal static LogFormat Resolve(string? value, bool outputRedirected)
    {
        var format = Enum.TryParse<LogFormat>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : LogFormat.Auto;
        return format switch
        {
            LogFormat.Json => LogFormat.Json,
            LogFormat.Text => LogFormat.Text,
            _ => outputRedirected ? LogFormat.Json : LogFormat.Text,
        };
    }
}
