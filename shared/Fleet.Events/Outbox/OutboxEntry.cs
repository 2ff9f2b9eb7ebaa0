namespace Fleet.Events.Outbox;

/// <summary>Where one unconsumed record's frame lies on disk; the outbox keeps these in memory, not the payloads.</summary>
/// <param name="Position">The frame's segment and offset.</param>
/// <param name="PayloadLength">The payload's length, without the frame header.</param>
internal readonly record struct OutboxEntry(OutboxPosition Position, int PayloadLength)
{
    /// <summary>Bytes the frame takes on disk, header included.</summary>
    public long FrameLength => OutboxFrame.HeaderSize + (long)PayloadLength;
}
