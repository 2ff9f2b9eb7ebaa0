using Fleet.Events;
using Fleet.Hosting.Configuration;
using Fleet.Hosting.Logging;
using Fleet.Hosting.Telemetry;
using Fleet.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Hosting;

/// <summary>Makes a <see cref="WebApplicationBuilder"/> a Fleet service (the idea of eShop's ServiceDefaults).</summary>
public static class FleetServiceBuilderExtensions
{
    /// <summary>
    /// Sets up everything a Fleet service shares: the event bus on the Redis of <c>ConnectionStrings:Redis</c> (else
    /// <c>REDIS_URL</c>) with <see cref="FleetEventsOptions"/> bound from <c>Fleet:Events</c>, its <see cref="RedisClient"/>
    /// registered for the service's own keys too; Serilog on stdout
    /// (compact JSON when redirected, text in a terminal: <c>Fleet:Logging:Format</c>); OpenTelemetry traces, metrics and
    /// logs over OTLP by the standard <c>OTEL_*</c> variables; the FleetEventsHealthCheck for <c>/health/ready</c>;
    /// Kestrel on <c>Fleet:Http:Port</c> (default 8080, every interface); and the shutdown timeout
    /// (<c>Fleet:ShutdownTimeout</c>, default 30 s). Nothing here throws for a bad setting: every problem is reported
    /// at start by <see cref="FleetApplicationExtensions.RunFleetServiceAsync"/>, one line each naming the option.
    /// </summary>
    /// <param name="builder">The builder of the service's process, from <c>WebApplication.CreateSlimBuilder(args)</c>.</param>
    /// <param name="serviceName">The service's name (<c>file-processor</c>): OpenTelemetry's service.name unless
    /// <c>OTEL_SERVICE_NAME</c> is set, and the <c>Service</c> property of every log record.</param>
    /// <returns>The event bus builder, to register contracts and consumer groups.</returns>
    public static FleetEventsBuilder AddFleetService(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var problems = new DeferredConfigurationProblems();
        var redis = RedisUrlSetting.Read(configuration);
        if (redis.Problem is { } problem)
        {
            problems.Add(problem);
        }

        var identity = FleetServiceIdentity.From(serviceName, configuration);
        services.AddSingleton(problems);
        services.AddSingleton(redis);
        services.AddSingleton(identity);

        // Registered before Fleet.Events' options, so a start with several problems reports the Redis URL first.
        services.AddOptions<FleetHostingOptions>().BindConfiguration(FleetHostingOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetHostingOptions>, FleetHostingOptionsValidator>());
        // WebApplication reads KestrelServerOptions and HostOptions while it is built, before any validation: a bad value
        // must not throw there, so it falls back to the default here and FleetHostingOptionsValidator reports it at start.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ListenAnyIP(Port(configuration[$"{FleetHostingOptions.Section}:Http:Port"])));
        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout(configuration[$"{FleetHostingOptions.Section}:ShutdownTimeout"]));

        FleetLogging.Add(builder, identity, redis.Mask, problems);
        FleetTelemetry.Add(services, configuration, identity);
        services.AddHealthChecks().AddCheck<FleetEventsHealthCheck>("fleet-events", tags: [FleetEndpointRouteBuilderExtensions.ReadyTag]);

        // One client per process, shared by the bus and the service's own keys (chunks, vectors, preferences): UseRedis
        // registers it as the container's RedisClient. It connects in the background, so the process starts while Redis
        // is down, and it is disposed with the host after the transport that uses it.
        var events = services.AddFleetEvents();
        services.PostConfigure<FleetEventsOptions>(o =>
        {
            if (o.Outbox is { } outbox)
            {
                outbox.Directory = OutboxDirectory.Resolve(outbox.Directory, o.InstanceName);
            }
        });
        if (redis.Options is { } options)
        {
            return events.UseRedis(options);
        }

        // Never reached through RunFleetServiceAsync, which reports the problem before anything resolves the client.
        services.AddSingleton<RedisClient>(_ => throw new OptionsValidationException(RedisUrlSetting.OptionName, typeof(RedisClientOptions), [redis.Problem!]));
        return events.UseRedis(sp => sp.GetRequiredService<RedisClient>());
    }

    private static int Port(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : FleetHttpOptions.DefaultPort;

    private static TimeSpan ShutdownTimeout(string? value) =>
        TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : FleetHostingOptions.DefaultShutdownTimeout;
}
