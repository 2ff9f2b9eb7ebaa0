namespace Fleet.Benchmarks.Gateway;

/// <summary>
/// One measured wrk run of POST /events, the stream's growth, the CPU seconds the gateway and redis-server used over it,
/// and the share of the machine's CPU time (%) the hypervisor stole meanwhile.
/// </summary>
internal sealed record PublishFigures(WrkFigures Wrk, long StreamGrowth, TimeSpan Duration, int Connections, double GatewayCpuSeconds, double RedisCpuSeconds, double StealPercent);
