using Fleet.Contracts;
using Fleet.EmbeddingGenerator.Lanes;

namespace Fleet.EmbeddingGenerator.Tests.Lanes;

/// <summary>
/// The gate's order, deterministically: a released slot is handed to the chosen waiter before Dispose returns, so the
/// waiter whose task has completed right after a release is the one the gate chose. No timing is involved.
/// </summary>
public sealed class PriorityGateTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcquireAsync_FreeSlots_GrantsAtOnceUpToTheSlotCount()
    {
        var gate = new PriorityGate(2, 8, 3, 1);

        var first = gate.AcquireAsync(Priority.Low, Cancel).AsTask();
        var second = gate.AcquireAsync(Priority.Low, Cancel).AsTask();
        var third = gate.AcquireAsync(Priority.High, Cancel).AsTask();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, gate.InUse);
        (await first).Dispose();
        Assert.True(third.IsCompletedSuccessfully);
        (await second).Dispose();
        (await third).Dispose();
        Assert.Equal(0, gate.InUse);
    }

    [Fact]
    public async Task Release_WaitersInEveryLane_ServesHighFirstThenEachLaneByItsWeight()
    {
        var gate = new PriorityGate(1, 8, 3, 1);
        var held = await gate.AcquireAsync(Priority.Normal, Cancel);
        var waiters = new List<(Priority Lane, Task<GateLease> Lease)>();
        foreach (var lane in new[] { Priority.Low, Priority.Normal, Priority.High })
        {
            for (var i = 0; i < 24; i++)
            {
                waiters.Add((lane, gate.AcquireAsync(lane, Cancel).AsTask()));
            }
        }

        var order = await ReleaseInTurnAsync(held, waiters, 24);

        Assert.Equal(Priority.High, order[0]);
        Assert.Equal(16, order.Count(l => l == Priority.High));
        Assert.Equal(6, order.Count(l => l == Priority.Normal));
        Assert.Equal(2, order.Count(l => l == Priority.Low));
    }

    [Fact]
    public async Task Release_HighKeepsArriving_LowIsStillServedWithinTheBound()
    {
        var gate = new PriorityGate(1, 8, 3, 1);
        var held = await gate.AcquireAsync(Priority.High, Cancel);
        var low = gate.AcquireAsync(Priority.Low, Cancel).AsTask();
        var highs = new Queue<Task<GateLease>>();
        highs.Enqueue(gate.AcquireAsync(Priority.High, Cancel).AsTask());
        var grants = 0;

        while (!low.IsCompleted)
        {
            // A new high request arrives before every release: the high lane is never empty.
            highs.Enqueue(gate.AcquireAsync(Priority.High, Cancel).AsTask());
            held.Dispose();
            grants++;
            // High and low share 8:1, so low is served within 9 grants.
            Assert.True(grants <= 9, "low waited past its share");
            held = low.IsCompleted ? await low : await highs.Dequeue();
        }

        Assert.True(grants > 1, "high went first");
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_LeavesTheQueueAndTheSlotGoesToTheNext()
    {
        var gate = new PriorityGate(1, 8, 3, 1);
        var held = await gate.AcquireAsync(Priority.High, Cancel);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.AcquireAsync(Priority.High, cancel.Token).AsTask();
        var next = gate.AcquireAsync(Priority.Low, Cancel).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        Assert.Equal(0, gate.Waiting(Priority.High));
        held.Dispose();

        Assert.True(next.IsCompletedSuccessfully);
        (await next).Dispose();
        Assert.Equal(0, gate.InUse);
    }

    [Fact]
    public async Task Dispose_Twice_ReleasesOneSlot()
    {
        var gate = new PriorityGate(1, 8, 3, 1);
        var lease = await gate.AcquireAsync(Priority.Normal, Cancel);
        var waiting = gate.AcquireAsync(Priority.Normal, Cancel).AsTask();

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(1, gate.InUse);
        (await waiting).Dispose();
        Assert.Equal(0, gate.InUse);
    }

    private static async Task<List<Priority>> ReleaseInTurnAsync(GateLease held, List<(Priority Lane, Task<GateLease> Lease)> waiters, int releases)
    {
        var order = new List<Priority>();
        for (var i = 0; i < releases; i++)
        {
            held.Dispose();
            var granted = Assert.Single(waiters, w => w.Lease.IsCompleted);
            waiters.Remove(granted);
            order.Add(granted.Lane);
            held = await granted.Lease;
        }

        return order;
    }
}
