using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Contracts;
using Fleet.EventGateway.Api.Hosting;
using Fleet.EventGateway.Api.Publishing;
using Fleet.EventGateway.Api.Security;
using Fleet.Events;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Api.DeadLetters;

/// <summary>
/// Dead letters: list and show the entries of <c>:dlq</c> and <c>:parked</c>; re-drive and purge parked entries by asking
/// dead-letter-reaper, which owns the moves (it does each one atomically and announces it): the gateway publishes
/// <c>system.dead_letter.redrive.requested</c> / <c>purge.requested</c> on system.events and answers 202 with the request's id.
/// </summary>
internal static partial class DeadLetterEndpoints
{
    private static readonly string[] Kinds = [DeadLetterReader.Dlq, DeadLetterReader.Parked];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dead-letters", ListAsync)
            .RequireAuthorization(ApiKeyDefaults.ReadPolicy)
            .WithName("ListDeadLetters")
            .WithSummary("Entries of :dlq or :parked, newest first, of one stream or every stream")
            .Produces<DeadLetterPage>()
            .ProducesValidationProblem();
        endpoints.MapGet("/dead-letters/{stream}/{kind}/{entryId}", FindAsync)
            .RequireAuthorization(ApiKeyDefaults.ReadPolicy)
            .WithName("GetDeadLetter")
            .WithSummary("One entry of a stream's :dlq or :parked")
            .Produces<DeadLetterEntry>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        Request(endpoints.MapPost("/dead-letters/redrive", RedriveAsync), "RedriveDeadLetters", "Asks dead-letter-reaper to put parked entries back on their stream");
        Request(endpoints.MapPost("/dead-letters/purge", PurgeAsync), "PurgeDeadLetters", "Asks dead-letter-reaper to delete parked entries for good");
    }

    private static void Request(RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint.RequireAuthorization(ApiKeyDefaults.AdminPolicy)
            .WithName(name)
            .WithSummary(summary)
            .Accepts<DeadLetterRequest>("application/json")
            .Produces<DeadLetterRequestAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> ListAsync(HttpContext context, DeadLetterReader reader)
    {
        var query = new QueryParameters(context.Request.Query, "stream", "kind", "limit", "cursor");
        var stream = FleetStream(query, query.StreamName());
        var kind = Kinds[Math.Max(0, query.Choice("kind", Kinds))];
        var limit = query.Integer("limit", 1, 1000, 100);
        var streams = DeadLetterReader.StreamsOf(stream);
        var cursor = Cursor(query, streams);
        if (!query.Errors.IsEmpty)
        {
            return GatewayProblems.Invalid("The query is not valid.", query.Errors.ToDictionary());
        }

        var page = await reader.ListAsync(streams, kind, limit, cursor, context.RequestAborted);
        return TypedResults.Json(page, GatewayApiJsonContext.Default.DeadLetterPage);
    }

    private static async Task<IResult> FindAsync(string stream, string kind, string entryId, HttpContext context, DeadLetterReader reader)
    {
        var errors = new ValidationErrors();
        if (!FleetStreams.All.Contains(stream, StringComparer.Ordinal))
        {
            errors.Add("stream", $"Must be a fleet stream: {string.Join(", ", FleetStreams.All)}.");
        }

        if (!Kinds.Contains(kind, StringComparer.Ordinal))
        {
            errors.Add("kind", "Must be dlq or parked.");
        }

        if (!EntryIdRegex().IsMatch(entryId))
        {
            errors.Add("entryId", "Must be a stream entry id such as 1700000000000-0.");
        }

        if (!errors.IsEmpty)
        {
            return GatewayProblems.Invalid("The dead letter's address is not valid.", errors.ToDictionary());
        }

        return await reader.FindAsync(stream, kind, entryId, context.RequestAborted) is { } entry
            ? TypedResults.Json(entry, GatewayApiJsonContext.Default.DeadLetterEntry)
            : GatewayProblems.NotFound($"{stream} has no {kind} entry {entryId}.");
    }

    private static Task<IResult> RedriveAsync(HttpContext context, IEventPublisher publisher, EventTypeRegistry contracts, IOptions<GatewayApiOptions> options, ILoggerFactory loggers) =>
        RequestAsync(context, publisher, contracts, options, loggers, "Re-drive", selection => new DeadLetterRedriveRequested(selection, context.User.Identity?.Name));

    private static Task<IResult> PurgeAsync(HttpContext context, IEventPublisher publisher, EventTypeRegistry contracts, IOptions<GatewayApiOptions> options, ILoggerFactory loggers) =>
        RequestAsync(context, publisher, contracts, options, loggers, "Purge", selection => new DeadLetterPurgeRequested(selection, context.User.Identity?.Name));

    private static async Task<IResult> RequestAsync<T>(
        HttpContext context, IEventPublisher publisher, EventTypeRegistry contracts, IOptions<GatewayApiOptions> options, ILoggerFactory loggers, string what,
        Func<ParkedEntrySelection, T> create)
        where T : class
    {
        var (json, problem) = await RequestJson.ReadAsync(context.Request, options.Value.MaxRequestBytes, context.RequestAborted);
        if (json is null)
        {
            return problem!;
        }

        DeadLetterRequest? body;
        using (json)
        {
            try
            {
                body = json.Root.Deserialize(GatewayApiJsonContext.Default.DeadLetterRequest);
            }
            catch (JsonException e)
            {
                return GatewayProblems.Invalid($"The {what.ToLowerInvariant()} request is not valid.", new(StringComparer.Ordinal) { ["body"] = [e.Message] });
            }
        }

        var errors = Validate(body, contracts, create, out var request);
        if (request is null)
        {
            return GatewayProblems.Invalid($"The {what.ToLowerInvariant()} request is not valid.", errors.ToDictionary());
        }

        var keyName = context.User.Identity?.Name ?? "anonymous";
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EventRequestReader.PublishedBy] = EventRequestReader.ServiceName,
            [EventRequestReader.ApiKeyName] = keyName,
        };
        try
        {
            var result = await publisher.PublishAsync(FleetStreams.System, request, new PublishOptions { Metadata = metadata }, context.RequestAborted);
            Log.DeadLetterRequest(loggers.CreateLogger(typeof(DeadLetterEndpoints)), what, keyName, body!.Stream!, result.EventId.ToString());
            return TypedResults.Json(new DeadLetterRequestAccepted(result.EventId.ToString()), GatewayApiJsonContext.Default.DeadLetterRequestAccepted, statusCode: StatusCodes.Status202Accepted);
        }
        catch (FleetEventsException e) when (e is not EventValidationException)
        {
            return GatewayProblems.Unavailable(e.Message);
        }
    }

    /// <summary>
    /// The request, or null with every broken rule: a fleet stream, and the request event's contract (ParkedEntrySelection's
    /// rules, checked by the contract validation as for every event), each named by its field in the body.
    /// </summary>
    private static ValidationErrors Validate<T>(DeadLetterRequest? body, EventTypeRegistry contracts, Func<ParkedEntrySelection, T> create, out T? request)
        where T : class
    {
        request = null;
        var errors = new ValidationErrors();
        if (body is null)
        {
            errors.Add("body", "The body must be a JSON object { \"stream\", \"entryIds\"?, \"errorType\"?, \"eventType\"?, \"limit\"? }.");
            return errors;
        }

        if (body.Stream is null)
        {
            errors.Add("stream", "The stream is required.");
            return errors;
        }

        if (!FleetStreams.All.Contains(body.Stream, StringComparer.Ordinal))
        {
            errors.Add("stream", $"Must be a fleet stream: {string.Join(", ", FleetStreams.All)}.");
        }

        var candidate = create(new ParkedEntrySelection(body.Stream, body.EntryIds, body.ErrorType, body.EventType, body.Limit ?? 100));
        try
        {
            contracts.Validate(candidate);
        }
        catch (EventValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                errors.Add(BodyField(failure.Member), failure.Message);
            }
        }

        if (errors.IsEmpty)
        {
            request = candidate;
        }

        return errors;
    }

    /// <summary>The body's field of a member of the request event: <c>Selection.EntryIds</c> is <c>entryIds</c>.</summary>
    private static string BodyField(string member)
    {
        const string selection = nameof(DeadLetterRedriveRequested.Selection) + ".";
        var name = member.StartsWith(selection, StringComparison.Ordinal) ? member[selection.Length..] : member;
        return name.Length == 0 ? "body" : JsonNamingPolicy.CamelCase.ConvertName(name);
    }

    private static string? FleetStream(QueryParameters query, string? stream)
    {
        if (stream is not null && !FleetStreams.All.Contains(stream, StringComparer.Ordinal))
        {
            query.Errors.Add("stream", $"Must be a fleet stream: {string.Join(", ", FleetStreams.All)}.");
            return null;
        }

        return stream;
    }

    private static (int Stream, string EntryId)? Cursor(QueryParameters query, IReadOnlyList<string> streams)
    {
        if (query.Text("cursor", 240) is not { } cursor)
        {
            return null;
        }

        var slash = cursor.LastIndexOf('/');
        var index = -1;
        for (var i = 0; i < streams.Count && slash > 0; i++)
        {
            if (cursor.AsSpan(0, slash).SequenceEqual(streams[i]))
            {
                index = i;
            }
        }

        if (index < 0 || !EntryIdRegex().IsMatch(cursor[(slash + 1)..]))
        {
            query.Errors.Add("cursor", "Not a cursor of this listing (nextCursor of an earlier page: stream/entry id).");
            return null;
        }

        return (index, cursor[(slash + 1)..]);
    }

    [GeneratedRegex(Ids.EntryIdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex EntryIdRegex();
}
