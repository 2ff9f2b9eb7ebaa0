using Fleet.Ctl.Connection;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Ctl.DeadLetters;

/// <summary>Reads <c>:dlq</c> or <c>:parked</c> oldest first, a page at a time, as the reaper selects parked entries.</summary>
internal static class DeadLetterReader
{
    private const int Page = 500;

    /// <summary>The key the settings mean (under --prefix: in gateway mode, the gateway's own prefix should match it).</summary>
    public static string KeyOf(DeadLetterSettings settings)
    {
        var keys = new StreamKeys(settings.Prefix);
        return settings.Parked ? keys.Parked(settings.Stream!) : keys.DeadLetters(settings.Stream!);
    }

    /// <summary>Up to the limit of entries matching the filters, oldest first.</summary>
    public static async Task<IReadOnlyList<DeadLetterView>> ListAsync(FleetBus bus, DeadLetterFilterSettings settings, CancellationToken cancellationToken)
    {
        var key = KeyOf(settings);
        var selected = new List<DeadLetterView>();
        var start = "-";
        while (selected.Count < settings.Limit)
        {
            var page = await bus.Redis.XRangeAsync(key, start, "+", Page, cancellationToken);
            selected.AddRange(page.Select(entry => new DeadLetterView(settings.Kind, DeadLetterRecord.Read(settings.Stream!, entry)))
                .Where(view => view.Letter.Matches(settings.ErrorType, settings.EventType))
                .Take(settings.Limit - selected.Count));
            if (page.Count < Page)
            {
                break;
            }

            start = "(" + page[^1].Id.ToString();
        }

        return selected;
    }

    /// <summary>The entry with <paramref name="id"/>, or null.</summary>
    public static async Task<DeadLetterView?> FindAsync(FleetBus bus, DeadLetterSettings settings, RedisStreamId id, CancellationToken cancellationToken)
    {
        var found = await bus.Redis.XRangeAsync(KeyOf(settings), id.ToString(), id.ToString(), 1, cancellationToken);
        return found.Count == 0 ? null : new DeadLetterView(settings.Kind, DeadLetterRecord.Read(settings.Stream!, found[0]));
    }
}
