namespace Fleet.Events.Outbox;

/// <summary>A place in the outbox: a segment file's number and a byte offset in it.</summary>
/// <param name="Segment">The segment number (<c>00000001.seg</c> is 1).</param>
/// <param name="Offset">The byte offset of a frame's start, or of the segment's end.</param>
internal readonly record struct OutboxPosition(long Segment, long Offset);
