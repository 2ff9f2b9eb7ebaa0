namespace Fleet.Benchmarks;

/// <summary>One measured run's figures and the share of the machine's CPU time (%) the hypervisor stole during it (<see cref="CpuSteal"/>).</summary>
internal sealed record MeasuredRun<T>(T Figures, double StealPercent);
