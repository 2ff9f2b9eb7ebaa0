using Fleet.Contracts;

namespace Fleet.EmbeddingGenerator.Lanes;

/// <summary>
/// Chooses which lane gets the next free slot: smooth weighted round robin (nginx's upstream balancer) over the lanes
/// that have someone waiting. Each decision adds every waiting lane's weight to its credit, picks the highest credit
/// (high before normal before low on a tie) and takes the waiting lanes' total weight from it; a lane with nobody
/// waiting keeps its credit as it was. While all three wait, every 12 grants (8:3:1) hold exactly 8, 3 and 1, high
/// first; whatever arrives, a waiting low lane is chosen within 17 decisions, a normal one within 7, a high one within 3 (ADR 0007,
/// checked over every reachable state by WeightedRoundRobinTests). Not thread-safe: the gate calls it under its lock.
/// </summary>
internal sealed class WeightedRoundRobin
{
    private readonly int[] _weights;
    private readonly long[] _credits = new long[3];

    public WeightedRoundRobin(int high, int normal, int low)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(high, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(normal, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(low, 1);
        _weights = [high, normal, low];
    }

    /// <summary>The credits, high, normal, low (tests enumerate the states the scheduler can reach).</summary>
    public (long High, long Normal, long Low) Credits
    {
        get => (_credits[0], _credits[1], _credits[2]);
        set => (_credits[0], _credits[1], _credits[2]) = value;
    }

    /// <summary>The lane served next among those with someone waiting; null when nobody waits (nothing changes then).</summary>
    public Priority? Next(bool highWaiting, bool normalWaiting, bool lowWaiting)
    {
        ReadOnlySpan<bool> waiting = [highWaiting, normalWaiting, lowWaiting];
        var best = -1;
        long total = 0;
        for (var lane = 0; lane < 3; lane++)
        {
            if (!waiting[lane])
            {
                continue;
            }

            _credits[lane] += _weights[lane];
            total += _weights[lane];
            if (best < 0 || _credits[lane] > _credits[best])
            {
                best = lane;
            }
        }

        if (best < 0)
        {
            return null;
        }

        _credits[best] -= total;
        return ToPriority(best);
    }

    /// <summary>The scheduler's lane index (0 high, 1 normal, 2 low) of a priority.</summary>
    public static int IndexOf(Priority priority) => priority switch
    {
        Priority.High => 0,
        Priority.Normal => 1,
        Priority.Low => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Priority is high, normal or low."),
    };

    private static Priority ToPriority(int index) => index switch
    {
        0 => Priority.High,
        1 => Priority.Normal,
        _ => Priority.Low,
    };
}
