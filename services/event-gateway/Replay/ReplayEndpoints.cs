using Fleet.Events;
using NUlid;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// <c>POST /events/replay</c> (admin), <c>GET /events/replay/{jobId}</c> (read) and <c>DELETE /events/replay/{jobId}</c>
/// (admin): create, watch and cancel replay jobs. Errors are RFC 9457 problem details.
/// </summary>
internal static class ReplayEndpoints
{
    /// <summary>The request header that makes a create idempotent.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const int MaxIdempotencyKeyLength = 200;

    public static IEndpointRouteBuilder MapReplayApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/events/replay").WithTags("Replay");
        group.MapPost("/", CreateAsync)
            .RequireAuthorization("fleet-admin")
            .WithName("StartReplay")
            .Produces<ReplayJobStatus>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{jobId}", GetAsync).RequireAuthorization("fleet-read").WithName("GetReplay");
        group.MapDelete("/{jobId}", CancelAsync)
            .RequireAuthorization("fleet-admin")
            .WithName("CancelReplay")
            .Produces<ReplayJobStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(
        ReplayRequest? request, HttpRequest http, ReplayRequestValidator validator, ReplayJobStore store, ReplayWakeUp wakeUp, TimeProvider time,
        ILogger<ReplayRequest> logger, CancellationToken cancellationToken)
    {
        var spec = validator.Validate(request ?? new ReplayRequest(), out var errors);
        var key = IdempotencyKey(http, errors);
        if (spec is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The replay request is invalid.");
        }

        var creation = await store.CreateAsync(Ulid.NewUlid(time).ToString(), spec, key, time.GetUtcNow(), cancellationToken);
        if (!creation.SameRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused with another request.",
                detail: $"Idempotency-Key '{key}' created replay job {creation.Job.Id} with another filter, target or rate; use a new key for a new job.");
        }

        if (creation.Created)
        {
            Log.ReplayJobCreated(logger, creation.Job.Id, spec.RatePerSecond, spec.TargetStream ?? "each event's own stream");
            wakeUp.Signal();
        }

        return TypedResults.Accepted($"/events/replay/{creation.Job.Id}", ReplayJobStatus.Of(creation.Job));
    }

    private static async Task<Results<Ok<ReplayJobStatus>, ProblemHttpResult>> GetAsync(string jobId, ReplayJobStore store, CancellationToken cancellationToken)
    {
        if (!Ulid.TryParseExact(jobId, out var id))
        {
            return NotFound(jobId);
        }

        return await store.GetAsync(id.ToString(), cancellationToken) is { } job ? TypedResults.Ok(ReplayJobStatus.Of(job)) : NotFound(jobId);
    }

    private static async Task<IResult> CancelAsync(string jobId, ReplayJobStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Ulid.TryParseExact(jobId, out var id) || await store.CancelAsync(id.ToString(), time.GetUtcNow(), cancellationToken) is not { } result)
        {
            return NotFound(jobId);
        }

        var (job, cancelled) = result;

        if (!cancelled)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The replay job has ended.",
                detail: $"Replay job {job.Id} is {ReplayJobStates.Text(job.State)}; only a queued or running job can be cancelled.");
        }

        return TypedResults.Accepted($"/events/replay/{job.Id}", ReplayJobStatus.Of(job));
    }

    /// <summary>The Idempotency-Key header's value, or null when absent; a bad one adds an error under the header's name.</summary>
    private static string? IdempotencyKey(HttpRequest http, Dictionary<string, string[]> errors)
    {
        var values = http.Headers[IdempotencyKeyHeader];
        if (values.Count == 0)
        {
            return null;
        }

        var key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength)
        {
            errors[IdempotencyKeyHeader] = [$"Send one Idempotency-Key of 1 to {MaxIdempotencyKeyLength} characters."];
            return null;
        }

        return key;
    }

    private static ProblemHttpResult NotFound(string jobId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such replay job.", detail: $"There is no replay job '{jobId}'.");
}
