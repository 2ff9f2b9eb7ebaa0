using Fleet.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Fleet.EventGateway.Archive;

/// <summary>Registers the archive: options, the PostgreSQL data source, migrations, the archiver, queries, health and tracing.</summary>
internal static class ArchiveServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ArchiveOptions"/> (section <c>Archive</c> and <c>ConnectionStrings:Archive</c>, validated at start),
    /// one <see cref="NpgsqlDataSource"/> singleton, the schema migrations run at start, the archiver (group
    /// <c>archiver</c>), <see cref="IEventArchive"/> (<see cref="PostgresEventArchive"/>), the readiness check
    /// <c>archive</c>, and Npgsql's spans and metrics in OpenTelemetry.
    /// </summary>
    public static IServiceCollection AddEventArchive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ArchiveOptions>()
            .Bind(configuration.GetSection(ArchiveOptions.Section))
            .Configure(options => options.ConnectionString = configuration.GetConnectionString(ArchiveOptions.ConnectionStringName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArchiveOptions>, ArchiveOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // Resolved only after the start-up validation passed (RunFleetServiceAsync validates first), so the string is usable.
        services.TryAddSingleton(sp => ArchiveDataSource.Create(
            sp.GetRequiredService<IOptions<ArchiveOptions>>().Value.ConnectionString!, sp.GetRequiredService<ILoggerFactory>()));
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddNpgsql());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter("Npgsql"));

        services.AddSingleton<ArchiveMigrator>();
        services.AddSingleton<ArchiveSchema>();
        services.AddHostedService(sp => sp.GetRequiredService<ArchiveSchema>());
        services.AddSingleton<ArchiveWriter>();
        services.AddSingleton<ArchiveBulkWriter>();
        services.AddSingleton<PostgresEventArchive>();
        services.AddSingleton<IEventArchive>(sp => sp.GetRequiredService<PostgresEventArchive>());
        services.AddSingleton<ArchiverStatus>();
        services.AddSingleton<ArchiveSelection>();
        services.AddSingleton<ArchiveEntryDecoder>();
        services.AddHostedService<Archiver>();

        services.AddHealthChecks().AddCheck<ArchiveHealthCheck>("archive", tags: [FleetEndpointRouteBuilderExtensions.ReadyTag]);
        return services;
    }
}
