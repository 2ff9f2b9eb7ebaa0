using System.Data.Common;
using Fleet.EventGateway.Api.Hosting;
using Fleet.EventGateway.Api.Security;
using Fleet.EventGateway.Archive;
using Fleet.Events;
using Microsoft.AspNetCore.Mvc;
using NUlid;

namespace Fleet.EventGateway.Api.Queries;

/// <summary><c>GET /events</c>, <c>GET /events/{id}</c> and <c>GET /events/{id}/conversation</c>: reads of the archive (IEventArchive).</summary>
internal static class QueryEndpoints
{
    private static readonly string[] Kinds = ["event", "deadLetter", "parked", "dlq"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/events", QueryAsync)
            .RequireAuthorization(ApiKeyDefaults.ReadPolicy)
            .WithName("QueryEvents")
            .WithSummary("Archived events matching a filter, oldest first, one page at a time")
            .Produces<ArchivePage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapGet("/events/{id}", FindAsync)
            .RequireAuthorization(ApiKeyDefaults.ReadPolicy)
            .WithName("GetEvent")
            .WithSummary("One archived event by its id")
            .Produces<ArchivedEvent>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/events/{id}/conversation", ConversationAsync)
            .RequireAuthorization(ApiKeyDefaults.ReadPolicy)
            .WithName("GetConversation")
            .WithSummary("Every archived event sharing the event's correlation id (or its id), oldest first, across streams")
            .Produces<ConversationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> QueryAsync(HttpContext context, [FromServices] IEventArchive archive)
    {
        var query = new QueryParameters(context.Request.Query, "stream", "type", "from", "to", "correlationId", "userId", "kind", "cursor", "limit");
        var filter = new ArchiveQuery
        {
            Stream = query.StreamName(),
            Type = query.TypeName(),
            From = query.Time("from"),
            To = query.Time("to"),
            CorrelationId = query.UlidText("correlationId"),
            UserId = query.UserId(),
            Kind = query.Choice("kind", Kinds) switch
            {
                0 => ArchiveKind.Event,
                1 or 3 => ArchiveKind.DeadLetter,
                2 => ArchiveKind.Parked,
                _ => null,
            },
            Cursor = query.Text("cursor"),
            Limit = query.Integer("limit", 1, 1000, 100),
        };
        if (filter.From is { } from && filter.To is { } to && to <= from)
        {
            query.Errors.Add("to", "Must be after from.");
        }

        if (!query.Errors.IsEmpty)
        {
            return GatewayProblems.Invalid("The query is not valid.", query.Errors.ToDictionary());
        }

        try
        {
            var page = await archive.QueryAsync(filter, context.RequestAborted);
            return TypedResults.Json(page, GatewayApiJsonContext.Default.ArchivePage);
        }
        catch (Exception e) when (filter.Cursor is not null && e is ArgumentException or FormatException)
        {
            return GatewayProblems.Invalid("The query is not valid.", new(StringComparer.Ordinal) { ["cursor"] = ["Not a cursor this archive gave out (nextCursor of an earlier page)."] });
        }
        catch (DbException e)
        {
            return GatewayProblems.Unavailable(ArchiveUnavailable.Describe(e));
        }
    }

    private static async Task<IResult> FindAsync(string id, HttpContext context, [FromServices] IEventArchive archive)
    {
        if (!Ulid.TryParseExact(id, out var ulid))
        {
            return GatewayProblems.InvalidParameter("id", "Must be a ULID: 26 Crockford base32 characters, the first 0-7.");
        }

        try
        {
            return await archive.FindAsync(ulid.ToString(), context.RequestAborted) is { } found
                ? TypedResults.Json(found, GatewayApiJsonContext.Default.ArchivedEvent)
                : GatewayProblems.NotFound($"No archived event has the id {ulid}.");
        }
        catch (DbException e)
        {
            return GatewayProblems.Unavailable(ArchiveUnavailable.Describe(e));
        }
    }

    private static async Task<IResult> ConversationAsync(string id, HttpContext context, [FromServices] IEventArchive archive)
    {
        var query = new QueryParameters(context.Request.Query, "limit");
        var limit = query.Integer("limit", 1, 10_000, 1_000);
        if (!Ulid.TryParseExact(id, out var ulid))
        {
            query.Errors.Add("id", "Must be a ULID: 26 Crockford base32 characters, the first 0-7.");
        }

        if (!query.Errors.IsEmpty)
        {
            return GatewayProblems.Invalid("The query is not valid.", query.Errors.ToDictionary());
        }

        try
        {
            if (await archive.FindAsync(ulid.ToString(), context.RequestAborted) is not { } found)
            {
                return GatewayProblems.NotFound($"No archived event has the id {ulid}.");
            }

            var correlationId = found.CorrelationId ?? found.Id;
            var events = await archive.ConversationAsync(correlationId, limit, context.RequestAborted);
            if (events.Count < limit && !events.Any(e => e.Id == correlationId)
                && (found.Id == correlationId ? found : await archive.FindAsync(correlationId, context.RequestAborted)) is { } root)
            {
                // The event whose id names the conversation (a request, an upload: it has no correlation id of its own)
                // starts it, so it belongs at its place in it.
                events = [.. events.Append(root).OrderBy(e => e.Timestamp).ThenBy(e => e.Id, StringComparer.Ordinal)];
            }

            return TypedResults.Json(new ConversationResponse(correlationId, events), GatewayApiJsonContext.Default.ConversationResponse);
        }
        catch (DbException e)
        {
            return GatewayProblems.Unavailable(ArchiveUnavailable.Describe(e));
        }
    }
}
