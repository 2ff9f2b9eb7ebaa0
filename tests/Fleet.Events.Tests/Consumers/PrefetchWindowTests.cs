using Fleet.Events.Consumers;
using Fleet.Redis;

namespace Fleet.Events.Tests.Consumers;

public sealed class PrefetchWindowTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReserveAsync_Empty_ReservesTheWholeCapacity()
    {
        var window = new PrefetchWindow(8);

        Assert.Equal(8, await window.ReserveAsync(4, Cancel));
        var second = window.ReserveAsync(1, Cancel).AsTask();
        // The window decides under its lock, before ReserveAsync returns: a reader that got no room is waiting for it.
        Assert.True(window.IsFull, "nothing is left to reserve");
        Assert.False(second.IsCompleted, "nothing is left to reserve");
    }

    [Fact]
    public async Task TryReserveForClaim_WhileAReadHoldsTheWindow_UsesTheSlotsNotInHand()
    {
        var window = new PrefetchWindow(8);
        window.Admit(await window.ReserveAsync(1, Cancel), Entries(1, 2, 3));
        var blockedRead = await window.ReserveAsync(1, Cancel);

        var claim = window.TryReserveForClaim(8);

        Assert.Equal(5, blockedRead);
        Assert.Equal(5, claim);
        Assert.Equal(0, window.TryReserveForClaim(8));
        window.Admit(claim, Entries(4), claim: true);
        window.Admit(blockedRead, Entries(5, 6, 7, 8, 9), claim: false);
        Assert.Equal(9, window.InHand);
    }

    [Fact]
    public async Task Admit_FewerEntriesThanReserved_GivesTheRestBack()
    {
        var window = new PrefetchWindow(8);
        var reserved = await window.ReserveAsync(1, Cancel);

        var admitted = window.Admit(reserved, Entries(1, 2, 3));

        Assert.Equal(3, admitted.Count);
        Assert.Equal(3, window.InHand);
        Assert.Equal(5, window.TryReserveForClaim(8));
    }

    [Fact]
    public async Task ReserveAsync_TooFewFree_WaitsUntilEnoughAreCompleted()
    {
        var window = new PrefetchWindow(4);
        window.Admit(await window.ReserveAsync(1, Cancel), Entries(1, 2, 3, 4));

        var waiting = window.ReserveAsync(2, Cancel).AsTask();
        window.Complete(Id(1));
        // Complete wakes the waiting reader under the window's lock, so "still full" means it was not woken.
        Assert.True(window.IsFull, "one free slot is not enough");
        Assert.False(waiting.IsCompleted, "one free slot is not enough");
        window.Complete(Id(2));

        Assert.Equal(2, await waiting.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
        Assert.False(window.IsFull);
    }

    [Fact]
    public async Task Admit_EntryAlreadyInHand_IsLeftOutSoItIsNotProcessedTwice()
    {
        var window = new PrefetchWindow(8);
        window.Admit(await window.ReserveAsync(1, Cancel), Entries(1, 2));
        var reserved = window.TryReserveForClaim(8);

        var admitted = window.Admit(reserved, Entries(3, 2, 4), claim: true);

        Assert.Equal([Id(3), Id(4)], admitted.Select(e => e.Id));
        Assert.Equal(4, window.InHand);
        Assert.True(window.Contains(Id(2)));
    }

    [Fact]
    public async Task Complete_EveryEntry_EmptiesTheWindow()
    {
        var window = new PrefetchWindow(2);
        window.Admit(await window.ReserveAsync(1, Cancel), Entries(1, 2));

        window.Complete(Id(1));
        window.Complete(Id(2));

        Assert.Equal(0, window.InHand);
        Assert.Equal(2, await window.ReserveAsync(2, Cancel));
    }

    private static RedisStreamId Id(int n) => new(1000, (ulong)n);

    private static StreamEntry[] Entries(params int[] ids) => [.. ids.Select(n => new StreamEntry(Id(n), [new StreamField("id", n)]))];
}
