using System.Globalization;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>
/// The evaluator's state in Redis, all under system.events' hash tag: the raised set <c>ContractKeys.SystemAlerts</c>
/// (a hash, field = alert key, value = <see cref="AlertRecord"/> JSON), the error-rate samples
/// (<see cref="SamplesKey"/>), and reads of system.events to settle a transition a crash interrupted. Writes go through
/// the lease's fence (<see cref="LeaderFence"/>): a refused one throws <see cref="LeadershipLostException"/>.
/// </summary>
internal sealed partial class AlertStore(RedisClient redis, StreamKeys keys, ContractKeys contracts, ILogger<AlertStore> logger)
{
    /// <summary>The metadata key of a transition's id on its event.</summary>
    public const string TransitionMetadata = "alert_transition";

    private const int ScanPage = 256;
    private static readonly AlertsJsonContext Json = AlertsJsonContext.Default;

    /// <summary>The raised set, <c>fleet:{system.events}:state:alerts</c>.</summary>
    public string AlertsKey => contracts.SystemAlerts;

    /// <summary>The error-rate samples, <c>fleet:{system.events}:state:alert-samples</c> (a sorted set by time).</summary>
    public string SamplesKey => keys.Stream(FleetStreams.System) + ":state:alert-samples";

    private string SystemKey => keys.Stream(FleetStreams.System);

    /// <summary>The raised set by alert key; a field that cannot be read is logged and left out (the next raise overwrites it).</summary>
    public async Task<Dictionary<string, AlertRecord>> ReadAsync(CancellationToken cancellationToken)
    {
        var fields = await redis.HashGetAllAsync(AlertsKey, cancellationToken).ConfigureAwait(false);
        var records = new Dictionary<string, AlertRecord>(fields.Count, StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            try
            {
                if (JsonSerializer.Deserialize(value.ToString(), Json.AlertRecord) is { } record)
                {
                    records[key] = record;
                }
            }
            catch (JsonException e)
            {
                Log.AlertRecordUnreadable(logger, e, AlertsKey, key);
            }
        }

        return records;
    }

    /// <summary>Writes <paramref name="record"/> under its key, only while <paramref name="fence"/> holds.</summary>
    public Task WriteAsync(LeaderFence fence, AlertRecord record, CancellationToken cancellationToken) =>
        RunFencedAsync(FencedSet, fence, AlertsKey, [record.Key, JsonSerializer.Serialize(record, Json.AlertRecord)], "alert " + record.Key, cancellationToken);

    /// <summary>Removes the alert <paramref name="key"/> from the raised set, only while <paramref name="fence"/> holds.</summary>
    public Task DeleteAsync(LeaderFence fence, string key, CancellationToken cancellationToken) =>
        RunFencedAsync(FencedDelete, fence, AlertsKey, [key], "the resolution of alert " + key, cancellationToken);

    /// <summary>
    /// Stores <paramref name="sample"/> and returns the oldest sample within <paramref name="window"/> before it (null
    /// when there is none yet), dropping older ones; only while <paramref name="fence"/> holds.
    /// </summary>
    public async Task<ErrorSample?> AddSampleAsync(LeaderFence fence, ErrorSample sample, TimeSpan window, CancellationToken cancellationToken)
    {
        var start = sample.At - (long)window.TotalMilliseconds;
        var reply = await RunFencedAsync(
            FencedSample,
            fence,
            SamplesKey,
            [sample.At, start, JsonSerializer.Serialize(sample, Json.ErrorSample)],
            "an error-rate sample",
            cancellationToken).ConfigureAwait(false);
        return reply.Elements.Count == 0 ? null : JsonSerializer.Deserialize(reply[0].Value.ToString(), Json.ErrorSample);
    }

    /// <summary>The id of system.events' last entry (<c>0-0</c> when empty): every entry appended later has a larger id.</summary>
    public async Task<string> LastEventIdAsync(CancellationToken cancellationToken)
    {
        var last = await redis.XRevRangeAsync(SystemKey, count: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
        return last.Count == 0 ? "0-0" : last[0].Id.ToString();
    }

    /// <summary>
    /// Whether system.events holds, after <paramref name="since"/>, an event of <paramref name="type"/> carrying
    /// <paramref name="transition"/> in its metadata: the event of a transition whose record a crash left unfinished.
    /// Reads in pages (XRANGE exclusive start); the entries appended since are few, the scan runs only after a crash.
    /// </summary>
    public async Task<bool> ContainsEventAsync(string since, string type, string transition, CancellationToken cancellationToken)
    {
        var from = since;
        while (true)
        {
            var entries = await redis.XRangeAsync(SystemKey, "(" + from, "+", ScanPage, cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                if (entry[EnvelopeFields.Type].ToString() == type && entry[EnvelopeFields.Metadata].ToString().Contains(transition, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (entries.Count < ScanPage)
            {
                return false;
            }

            from = entries[^1].Id.ToString();
        }
    }

    private async Task<RedisResult> RunFencedAsync(RedisScript script, LeaderFence fence, string key, RedisValue[] arguments, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        if (StreamKeys.NameOf(fence.LeaseKey) != FleetStreams.System)
        {
            throw new ArgumentException($"The fence's lease key '{fence.LeaseKey}' is not on {FleetStreams.System}; the alert evaluator's state shares that stream's hash tag.", nameof(fence));
        }

        var reply = await redis.EvaluateAsync(script, [fence.LeaseKey, key], [fence.Value, .. arguments], cancellationToken).ConfigureAwait(false);
        if (reply.IsNull)
        {
            throw new LeadershipLostException(string.Create(
                CultureInfo.InvariantCulture,
                $"Leadership lost: the lease {fence.LeaseKey} no longer holds {fence.Value} (fencing token {fence.Token}), so {what} was not written."));
        }

        return reply;
    }
}
