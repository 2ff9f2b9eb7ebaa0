using System.Globalization;
using System.Text.Json;
using Fleet.EventGateway.Api.Hosting;
using Fleet.EventGateway.Api.Security;
using Fleet.Events;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Api.Publishing;

/// <summary>
/// <c>POST /events</c> and <c>POST /events/batch</c>: every event is checked against its registered contract before
/// anything is sent, so a malformed request never reaches Redis; a batch is published only when all of it is valid.
/// </summary>
internal static class PublishEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        Describe(endpoints.MapPost("/events", PublishAsync), "PublishEvent", "Publishes one event of a registered type", typeof(PublishEventRequest), typeof(PublishResponse));
        Describe(endpoints.MapPost("/events/batch", PublishBatchAsync), "PublishEvents", "Publishes several events, all or none of them valid", typeof(PublishBatchRequest), typeof(PublishBatchResponse));
    }

    private static void Describe(RouteHandlerBuilder endpoint, string name, string summary, Type request, Type response) =>
        endpoint.RequireAuthorization(ApiKeyDefaults.AdminPolicy)
            .WithName(name)
            .WithSummary(summary)
            .Accepts(request, "application/json")
            .Produces(StatusCodes.Status202Accepted, response)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> PublishAsync(
        HttpContext context, EventRequestReader reader, IJsonEventPublisher publisher, IOptions<GatewayApiOptions> options, ILoggerFactory loggers)
    {
        var (json, problem) = await RequestJson.ReadAsync(context.Request, options.Value.MaxRequestBytes, context.RequestAborted);
        if (json is null)
        {
            return problem!;
        }

        ValidatedEvent? validated;
        var errors = new ValidationErrors();
        using (json)
        {
            validated = reader.Read(json.Root, string.Empty, KeyName(context), errors);
        }

        if (validated is null)
        {
            return GatewayProblems.Invalid("The event is not valid.", errors.ToDictionary());
        }

        try
        {
            var result = await publisher.PublishJsonAsync(validated.Stream, validated.Descriptor, validated.Version, validated.Data, validated.Options, context.RequestAborted);
            return TypedResults.Json(Response(validated, result), GatewayApiJsonContext.Default.PublishResponse, statusCode: StatusCodes.Status202Accepted);
        }
        catch (FleetEventsException e) when (e is not EventValidationException)
        {
            Log.PublishFailed(loggers.CreateLogger(typeof(PublishEndpoints)), e, validated.Type, validated.Stream);
            return GatewayProblems.Unavailable(e.Message);
        }
    }

    private static async Task<IResult> PublishBatchAsync(
        HttpContext context, EventRequestReader reader, IJsonEventPublisher publisher, IOptions<GatewayApiOptions> options, ILoggerFactory loggers)
    {
        var limits = options.Value;
        var (json, problem) = await RequestJson.ReadAsync(context.Request, limits.MaxRequestBytes, context.RequestAborted);
        if (json is null)
        {
            return problem!;
        }

        var errors = new ValidationErrors();
        var events = new List<ValidatedEvent>();
        using (json)
        {
            ReadBatch(json.Root, reader, KeyName(context), limits.MaxBatchEvents, events, errors);
        }

        if (!errors.IsEmpty)
        {
            return GatewayProblems.Invalid("The batch is not valid; nothing was published.", errors.ToDictionary());
        }

        var results = new PublishResponse[events.Count];
        var published = 0;
        try
        {
            // In the request's order, one at a time: each event has its own stream and envelope options.
            for (; published < events.Count; published++)
            {
                var item = events[published];
                results[published] = Response(item, await publisher.PublishJsonAsync(item.Stream, item.Descriptor, item.Version, item.Data, item.Options, context.RequestAborted));
            }
        }
        catch (FleetEventsException e) when (e is not EventValidationException)
        {
            Log.PublishFailed(loggers.CreateLogger(typeof(PublishEndpoints)), e, events[published].Type, events[published].Stream);
            return GatewayProblems.Unavailable(string.Create(CultureInfo.InvariantCulture,
                $"{published} of {events.Count} event(s) were published before this failure: {e.Message}"));
        }

        return TypedResults.Json(new PublishBatchResponse(results), GatewayApiJsonContext.Default.PublishBatchResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static void ReadBatch(JsonElement root, EventRequestReader reader, string keyName, int maxEvents, List<ValidatedEvent> events, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events"u8, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("events", "The body must be { \"events\": [ … ] }.");
            return;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!property.NameEquals("events"u8))
            {
                errors.Add(property.Name, "Unknown field; a batch has only events.");
            }
        }

        var count = list.GetArrayLength();
        if (count == 0 || count > maxEvents)
        {
            errors.Add("events", string.Create(CultureInfo.InvariantCulture, $"A batch holds 1 to {maxEvents} events (Gateway:MaxBatchEvents); got {count}."));
            return;
        }

        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            if (reader.Read(element, string.Create(CultureInfo.InvariantCulture, $"events[{index}]"), keyName, errors) is { } validated)
            {
                events.Add(validated);
            }

            index++;
        }
    }

    private static PublishResponse Response(ValidatedEvent validated, PublishResult result) =>
        new(result.EventId.ToString(), validated.Stream, result.EntryId?.ToString());

    private static string KeyName(HttpContext context) => context.User.Identity?.Name ?? "anonymous";
}
