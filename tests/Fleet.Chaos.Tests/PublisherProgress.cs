using System.Globalization;

namespace Fleet.Chaos.Tests;

/// <summary>What the publisher process reported on stdout; lets the run wait until publishing got to a given count.</summary>
internal sealed class PublisherProgress
{
    private readonly Lock _gate = new();
    private readonly List<PublisherTick> _ticks = [];
    private readonly List<(long Count, TaskCompletionSource Reached)> _waits = [];

    /// <summary>Unix ms of the <c>published</c> line: the last publish call returned.</summary>
    public long? PublishedAt { get; private set; }

    /// <summary>Unix ms of the <c>drained</c> line: the outbox was empty afterwards.</summary>
    public long? DrainedAt { get; private set; }

    /// <summary>Direct and spooled totals of the <c>published</c> line.</summary>
    public PublisherTick? Final { get; private set; }

    public IReadOnlyList<PublisherTick> Ticks
    {
        get
        {
            lock (_gate)
            {
                return [.. _ticks];
            }
        }
    }

    public void OnLine(string line)
    {
        var words = line.Split(' ');
        switch (words[0])
        {
            case ChaosProtocol.Tick:
                Add(Parse(words));
                break;
            case ChaosProtocol.Published:
                Final = Parse(words);
                PublishedAt = Final.Value.UnixMs;
                Add(Final.Value);
                break;
            case ChaosProtocol.Drained:
                DrainedAt = long.Parse(words[1], CultureInfo.InvariantCulture);
                break;
            default:
                break;
        }
    }

    /// <summary>Completes when the publisher reports at least <paramref name="count"/> publishes (sent or spooled).</summary>
    public Task WaitForAsync(long count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_ticks.Count > 0 && _ticks[^1].Total >= count)
            {
                return Task.CompletedTask;
            }

            _waits.Add((count, reached));
        }

        return reached.Task;
    }

    private void Add(PublisherTick tick)
    {
        List<TaskCompletionSource> done;
        lock (_gate)
        {
            _ticks.Add(tick);
            done = [.. _waits.Where(w => w.Count <= tick.Total).Select(w => w.Reached)];
            _waits.RemoveAll(w => w.Count <= tick.Total);
        }

        foreach (var reached in done)
        {
            reached.TrySetResult();
        }
    }

    private static PublisherTick Parse(string[] words) => new(
        long.Parse(words[1], CultureInfo.InvariantCulture),
        long.Parse(words[2], CultureInfo.InvariantCulture),
        long.Parse(words[3], CultureInfo.InvariantCulture));
}
