namespace Fleet.Benchmarks.Gateway;

/// <summary>One measured wrk run and the share of the machine's CPU time (in %) the hypervisor stole during it.</summary>
internal sealed record WrkRun(WrkFigures Figures, double StealPercent);
