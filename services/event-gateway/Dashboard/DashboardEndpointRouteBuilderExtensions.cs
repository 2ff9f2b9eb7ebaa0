using System.Net.ServerSentEvents;
using Fleet.EventGateway.Api.Security;
using Fleet.EventGateway.Dashboard.Assets;
using Fleet.EventGateway.Dashboard.Stats;
using Fleet.EventGateway.Dashboard.Tail;
using Fleet.Events;

namespace Fleet.EventGateway.Dashboard;

/// <summary>
/// Maps the dashboard: <c>/</c> and <c>/dashboard</c> redirect to <c>/dashboard/</c>, the page's files are served
/// without a key (they hold no data), and the two server-sent-event streams need a read key (<c>?access_token=</c>, as
/// EventSource sends no headers).
/// </summary>
internal static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>The page's path.</summary>
    public const string PagePath = "/dashboard/";


    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Redirect(PagePath)).ExcludeFromDescription();

        var dashboard = endpoints.MapGroup("/dashboard").ExcludeFromDescription();
        // Routing matches /dashboard and /dashboard/ alike; the page's relative URLs need the slash, so it redirects to it.
        dashboard.MapGet("/", (DashboardAssets assets, HttpContext context) =>
            context.Request.Path.Value?.EndsWith('/') == true ? assets.Serve(DashboardAssets.Index, context) : Results.Redirect(PagePath)).AllowAnonymous();
        dashboard.MapGet("/{file}", (string file, DashboardAssets assets, HttpContext context) => assets.Serve(file, context)).AllowAnonymous();
        dashboard.MapGet("/sse/stats", (StatsFeed feed, CancellationToken requestAborted) => TypedResults.ServerSentEvents(feed.ReadAsync(requestAborted)))
            .RequireAuthorization(ApiKeyDefaults.ReadPolicy);
        dashboard.MapGet("/sse/tail", Tail).RequireAuthorization(ApiKeyDefaults.ReadPolicy);
        return endpoints;
    }

    private static IResult Tail(string? stream, TailConnections connections, TailReader reader, ILogger<TailReader> logger, CancellationToken requestAborted)
    {
        if (string.IsNullOrEmpty(stream) || !IsStreamName(stream))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["stream"] = ["stream must name a stream, such as contextual.events (lower-case letters, digits, '.', '_', '-')."],
            });
        }

        if (!connections.TryAdmit())
        {
            Log.TailRefused(logger, stream, connections.Capacity);
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many live tails",
                detail: $"{connections.Capacity} live tails run already (Dashboard:MaxTailClients); close one and try again.");
        }

        return TypedResults.ServerSentEvents(Released(reader.ReadAsync(stream, requestAborted), connections));
    }

    /// <summary>The tail's events; its slot is given back when the response ends, however it ends.</summary>
    private static async IAsyncEnumerable<SseItem<string>> Released(
        IAsyncEnumerable<SseItem<string>> items, TailConnections connections)
    {
        try
        {
            await foreach (var item in items.ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            connections.Release();
        }
    }

    private static bool IsStreamName(string name)
    {
        try
        {
            StreamKeys.Validate(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
