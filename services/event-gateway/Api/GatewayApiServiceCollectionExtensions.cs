using System.Globalization;
using System.Threading.RateLimiting;
using Fleet.EventGateway.Api.DeadLetters;
using Fleet.EventGateway.Api.Hosting;
using Fleet.EventGateway.Api.Publishing;
using Fleet.EventGateway.Api.Security;
using Fleet.EventGateway.Api.Stats;
using Fleet.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fleet.EventGateway.Api;

/// <summary>Registers the HTTP API: options (validated at start), the ApiKey scheme and its policies, rate limits, CORS, OpenAPI.</summary>
internal static class GatewayApiServiceCollectionExtensions
{
    /// <summary>The CORS policy's name (used only when Gateway:Cors:AllowedOrigins is set).</summary>
    public const string CorsPolicy = "gateway";

    public static IServiceCollection AddGatewayApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayApiOptions>()
            .Bind(configuration.GetSection(GatewayApiOptions.Section))
            .PostConfigure(options =>
            {
                // The binder fills a list only from indexed keys (Gateway__ApiKeys__Admin__0); a single key given as
                // Gateway__ApiKeys__Admin would otherwise be dropped without a word.
                AddSingleKey(options.ApiKeys.Admin, configuration.GetSection("Gateway:ApiKeys:Admin").Value);
                AddSingleKey(options.ApiKeys.ReadOnly, configuration.GetSection("Gateway:ApiKeys:ReadOnly").Value);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayApiOptions>, GatewayApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayApiJsonContext.Default));

        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.ReadPolicy, policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(ApiKeyDefaults.AdminRole, ApiKeyDefaults.ReadOnlyRole))
            .AddPolicy(ApiKeyDefaults.AdminPolicy, policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(ApiKeyDefaults.AdminRole));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayApiOptions>>((limiter, gateway) => ConfigureRateLimits(limiter, gateway.Value.RateLimit));
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<GatewayApiOptions>>((cors, gateway) =>
        {
            var origins = gateway.Value.Cors.AllowedOrigins;
            if (origins.Count > 0)
            {
                cors.AddPolicy(CorsPolicy, policy => policy
                    .WithOrigins([.. origins])
                    .WithMethods(HttpMethods.Get, HttpMethods.Post)
                    .WithHeaders(ApiKeyDefaults.Header, HeaderNames.ContentType, "Idempotency-Key")
                    .WithExposedHeaders(HeaderNames.RetryAfter));
            }
        });

        services.AddOpenApi(openApi => openApi
            .AddDocumentTransformer<ApiKeySecurityTransformer>()
            .AddOperationTransformer<ApiKeySecurityTransformer>());
        services.AddSingleton<EventRequestReader>();
        services.AddSingleton<StreamStatisticsReader>();
        services.AddSingleton<DeadLetterReader>();
        return services;
    }

    private static void AddSingleKey(List<string> keys, string? key)
    {
        if (!string.IsNullOrEmpty(key))
        {
            keys.Add(key);
        }
    }

    private static void ConfigureRateLimits(RateLimiterOptions limiter, GatewayRateLimitOptions limits)
    {
        var perKey = new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitsPerWindow, Window = limits.Window, QueueLimit = 0, AutoReplenishment = true };
        var anonymous = new FixedWindowRateLimiterOptions { PermitLimit = limits.AnonymousPermitsPerWindow, Window = limits.Window, QueueLimit = 0, AutoReplenishment = true };
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            // Probes and scrapers are never limited: a busy key must not make the process look dead.
            var path = context.Request.Path;
            if (path.StartsWithSegments(FleetEndpointRouteBuilderExtensions.HealthPath, StringComparison.Ordinal)
                || path.StartsWithSegments(FleetEndpointRouteBuilderExtensions.MetricsPath, StringComparison.Ordinal))
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            // The rate limiter runs after authentication: a valid key is its own partition (named, never the key itself);
            // anything else shares its remote address's smaller budget, which also slows down guessing keys.
            return context.User.Identity is { IsAuthenticated: true, Name: { } name }
                ? RateLimitPartition.GetFixedWindowLimiter(name, _ => perKey)
                : RateLimitPartition.GetFixedWindowLimiter("ip:" + context.Connection.RemoteIpAddress, _ => anonymous);
        });
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = rejected.HttpContext,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = string.Create(CultureInfo.InvariantCulture, $"Over Gateway:RateLimit ({limits.PermitsPerWindow} requests per key per {limits.Window:c}); retry after {seconds} s."),
                },
            });
        };
    }
}
