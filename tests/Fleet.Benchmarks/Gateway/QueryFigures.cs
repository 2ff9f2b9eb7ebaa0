namespace Fleet.Benchmarks.Gateway;

/// <summary>
/// The measured wrk runs of GET /events?correlationId= on the filled archive (with one request in flight per core until
/// one was quiet, then one saturated, each with the host's CPU steal), and the CPU seconds the gateway used over the saturated run.
/// </summary>
internal sealed record QueryFigures(IReadOnlyList<MeasuredRun<WrkFigures>> Latency, TimeSpan LatencyDuration, MeasuredRun<WrkFigures> Saturated, long Rows, TimeSpan FillTime, int EventsPerAnswer, TimeSpan Duration, double GatewayCpuSeconds);
