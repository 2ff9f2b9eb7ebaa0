using Fleet.Redis.Connections;
using Fleet.Redis.Protocol;

namespace Fleet.Redis.Tests.Connections;

public sealed class PendingReplyTests
{
    [Fact]
    public async Task StaleEntry_ReplyReusedByAnotherCommand_CannotTimeOutDeliverFailOrReleaseIt()
    {
        // The queue's reference to the first command, as the timeout sweep's snapshot still holds it.
        var first = PendingReply<Probe>.Rent(ProbeParser.Instance, "GET", TimeSpan.FromSeconds(1), deadline: 10, CancellationToken.None);
        var stale = new PendingEntry(first, first.Generation);
        var firstReply = first.Task;
        Assert.True(stale.TryDeliver("+first\r\n"u8));
        first.Signal();
        Assert.Equal("first", (await firstReply).Value);
        stale.ReleaseQueueSide(); // caller and queue are done: the reply goes back to the pool

        // The pool hands the same object to the next command (Probe is this test's own type, so its own pool).
        var second = PendingReply<Probe>.Rent(ProbeParser.Instance, "ECHO", TimeSpan.FromSeconds(1), deadline: 20, CancellationToken.None);
        Assert.Same(first, second);
        var current = new PendingEntry(second, second.Generation);
        var secondReply = second.Task;

        stale.TimeOutIfDue(now: long.MaxValue); // due for either deadline, but not this stale entry's to decide
        Assert.False(stale.TryDeliver("+another command's answer\r\n"u8));
        Assert.False(stale.TryFail(new RedisConnectionException("stale")));
        stale.ReleaseQueueSide(); // must not drop the second command's queue reference
        Assert.False(current.IsDecided);

        Assert.True(current.TryDeliver("+second\r\n"u8));
        second.Signal();
        Assert.Equal("second", (await secondReply).Value);
        current.ReleaseQueueSide();

        // Both references were released exactly once: the object is pooled again, ready for a third rent.
        var third = PendingReply<Probe>.Rent(ProbeParser.Instance, "PING", TimeSpan.FromSeconds(1), deadline: 30, CancellationToken.None);
        Assert.Same(first, third);
    }

    private sealed record Probe(string? Value);

    private sealed class ProbeParser : IResultParser<Probe>
    {
        public static readonly ProbeParser Instance = new();

        public Probe Parse(ref RespReader reader) => new(reader.ReadString());
    }
}
