namespace Fleet.Redis.Protocol;

/// <summary>
/// How far <see cref="RespScanner"/> got into an incomplete frame: the offset (from the frame's start) of the first
/// value not yet complete, and how many values, that one included, are still to scan. The default means "from the
/// start". Offsets are relative to the frame, so they stay valid when the reader moves the partial frame.
/// </summary>
internal readonly record struct RespScanState(int Position, long Remaining);
