using System.Data.Common;
using Fleet.EventGateway.Api.Security;
using Fleet.EventGateway.Archive;

namespace Fleet.EventGateway.Api.Stats;

/// <summary><c>GET /events/stats</c>: streams, groups, consumers, dead letters and the archive's size.</summary>
internal static class StatsEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/events/stats", ReadAsync)
            .RequireAuthorization(ApiKeyDefaults.ReadPolicy)
            .WithName("GetStats")
            .WithSummary("Per stream: length, first and last entry, groups with lag, pending and consumers, dead letters, parked; the archive's size")
            .Produces<StatsResponse>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> ReadAsync(HttpContext context, StreamStatisticsReader reader) =>
        TypedResults.Json(await ReadStatsAsync(context.RequestServices, reader, context.RequestAborted), GatewayApiJsonContext.Default.StatsResponse);

    /// <summary>The figures of <c>GET /events/stats</c>; the dashboard's stats stream sends the same every second.</summary>
    internal static async Task<StatsResponse> ReadStatsAsync(IServiceProvider services, StreamStatisticsReader reader, CancellationToken cancellationToken)
    {
        var streams = await reader.ReadAsync(cancellationToken);

        // The Redis figures are worth answering with when PostgreSQL is down: the archive's size is then left out, with why.
        var archive = services.GetService<IEventArchive>();
        ArchiveSize? size = null;
        string? error = null;
        if (archive is null)
        {
            error = "No archive is configured in this process.";
        }
        else
        {
            try
            {
                size = await archive.SizeAsync(cancellationToken);
            }
            catch (DbException e)
            {
                error = ArchiveUnavailable.Describe(e);
            }
        }

        return new StatsResponse(streams, size, error);
    }
}
