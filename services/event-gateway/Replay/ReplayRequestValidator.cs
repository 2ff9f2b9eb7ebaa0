using System.Globalization;
using Fleet.Contracts;
using Fleet.Events;
using NUlid;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// Turns a <see cref="ReplayRequest"/> into a <see cref="ReplaySpec"/>, or into every broken rule keyed by the
/// camelCase field it concerns (<c>filter</c> when no bound is given), for one RFC 9457 validation problem.
/// </summary>
internal sealed class ReplayRequestValidator(IOptions<ReplayOptions> options)
{
    /// <summary>The key of the rule "at least one bound".</summary>
    public const string FilterField = "filter";

    // RFC 3339 date-time: 'T', seconds, an optional fraction, and 'Z' or an offset (never a local time).
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    private readonly ReplayOptions _options = options.Value;

    public ReplaySpec? Validate(ReplayRequest request, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = Time(request.From, "from", errors);
        var to = Time(request.To, "to", errors);
        if (from is { } start && to is { } end && start >= end)
        {
            errors["to"] = [$"'to' ({request.To}) must be later than 'from' ({request.From})."];
        }

        if (request.Stream is not null && !FleetStreams.All.Contains(request.Stream, StringComparer.Ordinal))
        {
            errors["stream"] = [$"'{request.Stream}' is not a stream of the fleet ({string.Join(", ", FleetStreams.All)})."];
        }

        if (request.Type is not null && !EnvelopeCodec.IsValidTypeName(request.Type))
        {
            errors["type"] = [$"'{request.Type}' is not an event type name (dotted lower-case, e.g. file.uploaded)."];
        }

        if (request.CorrelationId is not null && !Ulid.TryParseExact(request.CorrelationId, out _))
        {
            errors["correlationId"] = [$"'{request.CorrelationId}' is not a ULID (26 Crockford base32 characters)."];
        }

        if (request.TargetStream is not null && !FleetStreams.Domain.Contains(request.TargetStream, StringComparer.Ordinal))
        {
            errors["targetStream"] = [$"'{request.TargetStream}' is not one of the six domain streams ({string.Join(", ", FleetStreams.Domain)})."];
        }

        var rate = request.RatePerSecond ?? _options.DefaultRatePerSecond;
        if (rate < 1 || rate > _options.MaxRatePerSecond)
        {
            errors["ratePerSecond"] = [string.Create(CultureInfo.InvariantCulture, $"ratePerSecond must be between 1 and {_options.MaxRatePerSecond} (Replay:MaxRatePerSecond); got {rate}.")];
        }

        if (request.From is null && request.To is null && request.Stream is null && request.Type is null && request.CorrelationId is null)
        {
            // A replay of the whole archive is never what a missing field meant; it must be asked for with a bound.
            errors[FilterField] = ["Give at least one of from, to, stream, type or correlationId."];
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new ReplaySpec
        {
            From = from,
            To = to,
            Stream = request.Stream,
            Type = request.Type,
            CorrelationId = request.CorrelationId is null ? null : Ulid.ParseExact(request.CorrelationId).ToString(),
            TargetStream = request.TargetStream,
            RatePerSecond = rate,
        };
    }

    private static DateTimeOffset? Time(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        errors[field] = [$"'{text}' is not an RFC 3339 time such as 2026-11-22T10:30:45.123Z."];
        return null;
    }
}
