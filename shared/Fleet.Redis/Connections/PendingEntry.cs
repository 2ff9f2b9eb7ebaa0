namespace Fleet.Redis.Connections;

/// <summary>
/// A reply as the connection's queue holds it: the pooled object and the generation it was queued with.
/// Everything the queue side does (deliver, time out, fail, release) goes through here, so it acts on
/// that command only, never on a later command that reuses the object.
/// </summary>
internal readonly record struct PendingEntry(PendingReply Reply, int Generation)
{
    public bool IsDecided => Reply.IsDecided(Generation);

    public bool TryDeliver(ReadOnlySpan<byte> frame) => Reply.TryDeliver(frame, Generation);

    public bool TryFail(Exception error) => Reply.TryFail(error, Generation);

    public void TimeOutIfDue(long now) => Reply.TimeOutIfDue(now, Generation);

    public void ReleaseQueueSide() => Reply.ReleaseQueueSide(Generation);
}
