namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// What the upload path measured: files per second from the first upload to the last delivery, each file's latency
/// (sorted, ms), the span they cover, and what was left after (entries pending, webhook POSTs including repeats).
/// </summary>
internal sealed record UploadPathFigures(double FilesPerSecond, double[] Latencies, TimeSpan Span, long Pending, int WebhookRequests);
