namespace Fleet.Benchmarks.Gateway;

/// <summary>
/// One measured wrk run of POST /events, the stream's growth and the CPU seconds the gateway and redis-server used over it.
/// </summary>
internal sealed record PublishFigures(WrkFigures Wrk, long StreamGrowth, TimeSpan Duration, int Connections, double GatewayCpuSeconds, double RedisCpuSeconds);
