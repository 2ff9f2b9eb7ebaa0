using Fleet.EventGateway.Api.DeadLetters;
using Fleet.EventGateway.Api.Hosting;
using Fleet.EventGateway.Api.Publishing;
using Fleet.EventGateway.Api.Queries;
using Fleet.EventGateway.Api.Stats;
using Fleet.EventGateway.Api.Security;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Api;

/// <summary>The HTTP API's middleware (<see cref="UseGatewayApi"/>) and routes (<see cref="MapGatewayApi"/>).</summary>
internal static class GatewayApiApplicationExtensions
{
    /// <summary>
    /// Body size limit, CORS (only when origins are configured), authentication, the per-key rate limiter (after
    /// authentication, so it can partition by key) and authorization, in that order; and one log line at start saying how
    /// the API is protected.
    /// </summary>
    public static WebApplication UseGatewayApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseCors(GatewayApiServiceCollectionExtensions.CorsPolicy);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        // Options are read once the host has started: RunFleetServiceAsync validates them first (exit code 2 on a problem).
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<GatewayApiOptions>>().Value;
            var keys = app.Services.GetRequiredService<ApiKeyStore>();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayApiApplicationExtensions).Namespace!);
            var cors = options.Cors.AllowedOrigins.Count == 0 ? "off" : string.Join(", ", options.Cors.AllowedOrigins);
            Log.ApiConfigured(logger, keys.Count(ApiKeyRole.Admin), keys.Count(ApiKeyRole.ReadOnly), options.RateLimit.PermitsPerWindow, options.RateLimit.Window, options.MaxRequestBytes, cors);
            if (!keys.HasAdminKey)
            {
                Log.NoAdminKey(logger);
            }
        });
        return app;
    }

    /// <summary>Maps the API's routes (docs/gateway/api.md) and the OpenAPI document at /openapi/v1.json (anonymous).</summary>
    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi().AllowAnonymous();
        PublishEndpoints.Map(endpoints);
        QueryEndpoints.Map(endpoints);
        StatsEndpoints.Map(endpoints);
        DeadLetterEndpoints.Map(endpoints);
        return endpoints;
    }
}
