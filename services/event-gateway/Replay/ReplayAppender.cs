using System.Globalization;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// Appends a job's envelopes to one stream with one script that also keeps the job's marker on that stream
/// (<c>{prefix}{{stream}}:replay:{job id}</c>, the position of the last event the job appended there): an envelope
/// whose position is not after the marker is skipped, so however often a batch is retried, and by however many
/// runners, each event reaches the stream at most once, in archive order. IEventPublisher cannot do this: it gives
/// every event a new id and the current type version, and cannot make its XADD conditional.
/// </summary>
internal sealed class ReplayAppender(RedisClient redis, StreamKeys keys, IOptions<FleetEventsOptions> events, IOptions<ReplayOptions> options, TimeProvider time)
{
    /// <summary>
    /// KEYS: stream, marker. ARGV: marker time to live (ms), trim word count, trim words…, then per entry its position,
    /// its word count and its field names and values. Returns per entry its new entry id, or 0 when the marker
    /// shows the job appended it before.
    /// </summary>
    private static readonly RedisScript Append = new("""
        local function after(a, b)
          if b == nil then return true end
          for k = 1, math.max(#a, #b) do
            local x, y = string.byte(a, k) or 0, string.byte(b, k) or 0
            if x ~= y then return x > y end
          end
          return false
        end
        local last = redis.call('GET', KEYS[2])
        if last == false then last = nil end
        local trimCount = tonumber(ARGV[2])
        local head = { KEYS[1] }
        for i = 3, 2 + trimCount do
          head[#head + 1] = ARGV[i]
        end
        head[#head + 1] = '*'
        local results = {}
        local newest = nil
        local i = 3 + trimCount
        while i <= #ARGV do
          local position = ARGV[i]
          local words = tonumber(ARGV[i + 1])
          if after(position, newest or last) then
            local args = { unpack(head) }
            for j = i + 2, i + 1 + words do
              args[#args + 1] = ARGV[j]
            end
            results[#results + 1] = redis.call('XADD', unpack(args))
            newest = position
          else
            results[#results + 1] = 0
          end
          i = i + 2 + words
        end
        if newest ~= nil then
          redis.call('SET', KEYS[2], newest, 'PX', ARGV[1])
        end
        return results
        """);

    private readonly FleetEventsOptions _events = events.Value;
    private readonly ReplayOptions _options = options.Value;

    /// <summary>The marker key of <paramref name="jobId"/> on <paramref name="stream"/> (the stream's hash tag, so one script touches both).</summary>
    public string MarkerKey(string stream, string jobId) => string.Concat(keys.Stream(stream), ":replay:", jobId);

    /// <summary>
    /// Appends <paramref name="entries"/> (position and envelope, in archive order) to <paramref name="stream"/>; per
    /// entry true when appended now, false when the job had appended it before.
    /// </summary>
    public async ValueTask<bool[]> AppendAsync(string stream, string jobId, IReadOnlyList<(string Position, EventEnvelope Envelope)> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var arguments = new List<RedisValue>(4 + (entries.Count * 24))
        {
            (long)_options.MarkerRetention.TotalMilliseconds,
        };
        AddTrim(arguments, _events.RetentionFor(stream).ToTrim(time.GetUtcNow()));
        foreach (var (position, envelope) in entries)
        {
            var fields = EnvelopeCodec.Encode(envelope);
            var size = 0L;
            foreach (var field in fields)
            {
                size += field.Name.Length + field.Value.GetByteCount();
            }

            if (size > _events.MaxEventBytes)
            {
                // The same limit the publisher applies: a consumer would dead-letter the entry unread.
                throw new EventTooLargeException(envelope.Type, size, _events.MaxEventBytes);
            }

            arguments.Add(position);
            arguments.Add(2 * fields.Length);
            foreach (var field in fields)
            {
                arguments.Add(field.NameBytes);
                arguments.Add(field.Value);
            }
        }

        var result = await redis.EvaluateAsync(Append, [keys.Stream(stream), MarkerKey(stream, jobId)], arguments, cancellationToken);
        var appended = new bool[entries.Count];
        for (var i = 0; i < appended.Length; i++)
        {
            appended[i] = result[i].Type != RedisResultType.Integer;
        }

        return appended;
    }

    /// <summary>XADD's trim words (<c>MAXLEN|MINID ~|= threshold [LIMIT n]</c>), preceded by their count.</summary>
    private static void AddTrim(List<RedisValue> arguments, StreamTrim trim)
    {
        if (trim.Strategy == StreamTrimStrategy.None)
        {
            arguments.Add(0);
            return;
        }

        var words = new List<RedisValue>(5)
        {
            trim.Strategy == StreamTrimStrategy.MaxLength ? "MAXLEN" : "MINID",
            trim.Approximate ? "~" : "=",
            trim.Strategy == StreamTrimStrategy.MaxLength ? trim.Length.ToString(CultureInfo.InvariantCulture) : trim.Id.ToString(),
        };
        if (trim.Limit is { } limit)
        {
            words.Add("LIMIT");
            words.Add(limit.ToString(CultureInfo.InvariantCulture));
        }

        arguments.Add(words.Count);
        arguments.AddRange(words);
    }
}
