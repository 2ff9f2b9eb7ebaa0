namespace Fleet.Benchmarks.Gateway;

/// <summary>
/// The measured wrk runs of GET /events?correlationId= on the filled archive (with one request in flight per core, then
/// saturated), and the CPU seconds the gateway used over the saturated run.
/// </summary>
internal sealed record QueryFigures(WrkFigures Latency, WrkFigures Saturated, long Rows, TimeSpan FillTime, int EventsPerAnswer, TimeSpan Duration, double GatewayCpuSeconds);
