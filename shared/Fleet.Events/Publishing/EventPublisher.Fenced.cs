using System.Diagnostics;
using System.Globalization;
using Fleet.Events.Telemetry;
using Fleet.Redis;

namespace Fleet.Events.Publishing;

/// <summary>
/// Fenced publishing (<see cref="PublishOptions.Fence"/>): one script appends only while the lease still holds the fence's
/// value, so a deposed leader's events never reach the stream. It never goes through the outbox: a spooled event would
/// be replayed after the lease passed to another process, which is exactly what the fence forbids.
/// </summary>
internal sealed partial class EventPublisher
{
    /// <summary>The metadata key a fenced event carries its fencing token under.</summary>
    internal const string FencingTokenMetadata = "fencing_token";

    /// <summary>Throws <see cref="ArgumentException"/> unless the lease key shares <paramref name="streamKey"/>'s hash tag (one script touches both).</summary>
    private static void CheckFence(string stream, string streamKey, LeaderFence fence)
    {
        ArgumentNullException.ThrowIfNull(fence.LeaseKey);
        ArgumentNullException.ThrowIfNull(fence.Value);
        if (!string.Equals(StreamKeys.NameOf(fence.LeaseKey), StreamKeys.NameOf(streamKey), StringComparison.Ordinal) || !fence.LeaseKey.Contains('{', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The fence's lease key '{fence.LeaseKey}' does not share the hash tag of stream '{stream}' ({streamKey}); a fenced publish checks the lease " +
                "and appends in one script, so the lease must be on the same stream (StreamKeys.Leader(stream, name)).",
                nameof(fence));
        }
    }

    /// <summary>The caller's metadata plus <c>fencing_token</c>.</summary>
    private static Dictionary<string, string> WithFencingToken(IReadOnlyDictionary<string, string>? metadata, LeaderFence fence)
    {
        var merged = new Dictionary<string, string>(metadata?.Count + 1 ?? 1, StringComparer.Ordinal);
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                merged[key] = value;
            }
        }

        merged[FencingTokenMetadata] = fence.Token.ToString(CultureInfo.InvariantCulture);
        return merged;
    }

    private async ValueTask<PublishResult[]> SendFencedAsync(
        string stream, string streamKey, string eventType, Ulid[] ids, IReadOnlyList<StreamField>[] entries, DateTimeOffset now, LeaderFence fence, Activity? activity,
        CancellationToken cancellationToken)
    {
        activity?.SetTag("fleet.leader.fencing_token", fence.Token);
        RedisStreamId[]? entryIds;
        try
        {
            entryIds = await _transport.AppendFencedAsync(streamKey, entries, _options.RetentionFor(stream).ToTrim(now), fence.LeaseKey, fence.Value, cancellationToken);
        }
        catch (Exception e)
        {
            FleetEventsTelemetry.RecordError(activity, e);
            Count(stream, eventType, Failed, entries.Length);
            if (_transport.IsUnavailable(e))
            {
                // Never spooled: a replay could land after another process took the lease over.
                throw new FleetEventsException(
                    $"Redis is unreachable; {What(eventType, ids, entries.Length)} was not published to '{stream}' (a fenced publish never spools to the outbox).", e);
            }

            throw;
        }

        if (entryIds is null)
        {
            var lost = new LeadershipLostException(fence, $"{What(eventType, ids, entries.Length)} to '{stream}'");
            FleetEventsTelemetry.RecordError(activity, lost);
            Count(stream, eventType, Failed, entries.Length);
            throw lost;
        }

        Count(stream, eventType, Sent, entries.Length);
        return Results(ids, entryIds);
    }

    private static string What(string eventType, Ulid[] ids, int events) =>
        events == 1 ? $"event {ids[0]} of type '{eventType}'" : $"a batch of {events} event(s) of type '{eventType}' (first {ids[0]})";
}
