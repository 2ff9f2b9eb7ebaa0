namespace Fleet.Benchmarks.Gateway;

/// <summary>The measured wrk run of GET /events?correlationId= on the filled archive, and the CPU seconds the gateway used over it.</summary>
internal sealed record QueryFigures(WrkFigures Wrk, long Rows, TimeSpan FillTime, int EventsPerAnswer, TimeSpan Duration, int Connections, double GatewayCpuSeconds);
