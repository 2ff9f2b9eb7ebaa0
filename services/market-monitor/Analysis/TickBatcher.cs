using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Fleet.Contracts;
using NUlid;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// Group commit per symbol (ADR 0010): the ticks of one symbol that handlers in this replica hold at once go to Redis
/// together, in one <see cref="TickScript"/> call, instead of one call each. A handler whose symbol has no call running
/// runs one for every tick of the symbol waiting (at most <see cref="MaxTicksPerCall"/>), publishes and confirms the
/// results, and hands the next call to the first tick that arrived meanwhile. Every handler so runs at most the one call
/// its own tick is in, under its own cancellation token; the others wait for it. The script orders the batch by sequence
/// number, so ticks may come in any order. A call that fails fails every tick in it: each is retried and redelivered
/// as usual, and the script recognises the ones it applied (duplicates, whose unconfirmed results they take over).
/// </summary>
internal sealed class TickBatcher(MarketAnalyzer analyzer, ResultPublisher results)
{
    /// <summary>Ticks per script call at most: a script blocks Redis while it runs, so a call stays a few milliseconds.</summary>
    public const int MaxTicksPerCall = 256;

    private readonly ConcurrentDictionary<string, SymbolLine> _lines = new(StringComparer.Ordinal);

    /// <summary>Applies (or buffers, or recognises as a duplicate) a tick of a known symbol with whatever else of its symbol waits.</summary>
    public async ValueTask<TickStatus> ApplyAsync(MarketDataCollected tick, Ulid eventId, CancellationToken cancellationToken)
    {
        var line = _lines.GetOrAdd(tick.Symbol, static _ => new SymbolLine());
        var waiter = new Waiter(new TickDelivery(tick, eventId));
        bool leads;
        lock (line)
        {
            line.Waiting.Add(waiter);
            leads = !line.Running;
            line.Running = true;
        }

        // Not awaited with the token: the call this tick is in runs under its leader's token, and the next leader is
        // chosen among the waiting, so a waiter that left would stall the line.
        if (leads || await waiter.Turn.Task.ConfigureAwait(false))
        {
            await RunAsync(tick.Symbol, line, waiter, cancellationToken).ConfigureAwait(false);
        }

        waiter.Error?.Throw();
        return waiter.Status;
    }

    /// <summary>Runs one call for the ticks waiting (the leader first), then passes the line on.</summary>
    private async ValueTask RunAsync(string symbol, SymbolLine line, Waiter leader, CancellationToken cancellationToken)
    {
        Waiter[] batch;
        lock (line)
        {
            batch = [.. line.Waiting.Take(MaxTicksPerCall)];
            line.Waiting.RemoveRange(0, batch.Length);
        }

        try
        {
            var outcome = await analyzer.ApplyAsync(symbol, [.. batch.Select(w => w.Delivery)], cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i].Status = outcome.Statuses[i];
            }

            await results.PublishAsync(symbol, outcome.Results, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            leader.Error = ExceptionDispatchInfo.Capture(e);
            var shared = ExceptionDispatchInfo.Capture(
                new InvalidOperationException($"The call for {batch.Length} ticks of {symbol} this tick was in failed: {e.Message}", e));
            foreach (var waiter in batch)
            {
                waiter.Error ??= shared;
            }
        }
        finally
        {
            Waiter? next = null;
            lock (line)
            {
                if (line.Waiting.Count > 0)
                {
                    next = line.Waiting[0];
                }
                else
                {
                    line.Running = false;
                }
            }

            foreach (var waiter in batch)
            {
                if (waiter != leader)
                {
                    waiter.Turn.TrySetResult(false);
                }
            }

            next?.Turn.TrySetResult(true);
        }
    }

    /// <summary>One symbol's ticks waiting for a call, and whether a call is running.</summary>
    private sealed class SymbolLine
    {
        public List<Waiter> Waiting { get; } = [];

        public bool Running { get; set; }
    }

    /// <summary>A tick waiting: completed with true when it leads the next call, false when a call applied it (or failed).</summary>
    private sealed class Waiter(TickDelivery delivery)
    {
        public TickDelivery Delivery { get; } = delivery;

        public TaskCompletionSource<bool> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TickStatus Status { get; set; }

        public ExceptionDispatchInfo? Error { get; set; }
    }
}
