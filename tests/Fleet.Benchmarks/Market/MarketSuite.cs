using System.Globalization;

namespace Fleet.Benchmarks.Market;

/// <summary>
/// The market suite (issue 9): market-monitor's tick path with two replicas as processes (target ≥ 20 000 ticks/s on
/// this machine) and dead-letter-reaper's dead letters handled per second, each on a redis-server of its own.
/// Results in bench-results/market.json and .md.
/// </summary>
internal static class MarketSuite
{
    private const double TicksTarget = 20_000;
    private const int CommandsReported = 6;

    private static readonly BenchmarkTarget[] Targets =
    [
        new("market_ticks_through_analysis_per_second", "ticks from the collector through the analysis to Pub/Sub ≥ 20 000/s with two replicas (baseline = target)", 1.0, AtMost: false),
    ];

    public static async Task<bool> RunAsync(string outputDirectory)
    {
        var results = new List<BenchmarkResult>();
        var ticks = await TickThroughputBenchmark.RunAsync();
        results.Add(BenchmarkResult.Against("market_ticks_through_analysis_per_second", ticks.PricesPerSecond, "ticks/s", TicksTarget));
        results.Add(BenchmarkResult.Against("market_ticks_collected_per_second", ticks.CollectedPerSecond, "entries/s", ticks.PricesPerSecond));
        results.Add(BenchmarkResult.Against("market_group_lag_after_window", ticks.LagAfter, "entries", ticks.PricesPerSecond * ticks.Window.TotalSeconds));
        for (var i = 0; i < ticks.ReplicaCpu.Count; i++)
        {
            results.Add(BenchmarkResult.Against($"market_monitor_{(i + 1).ToString(CultureInfo.InvariantCulture)}_cpu", ticks.ReplicaCpu[i], "cores", Environment.ProcessorCount));
        }

        results.Add(BenchmarkResult.Against("market_redis_server_cpu", ticks.RedisCpu, "cores", Environment.ProcessorCount));
        results.Add(BenchmarkResult.Against("market_subscriber_cpu", ticks.BenchCpu, "cores", Environment.ProcessorCount));
        AddCostPerTick(results, "market", ticks);
        Console.WriteLine(Invariant($"market: {ticks.Prices:N0} price.updated in {ticks.Window.TotalSeconds:0.0} s = {ticks.PricesPerSecond:N0} ticks/s through the analysis (target {TicksTarget:N0}: {(ticks.PricesPerSecond >= TicksTarget ? "met" : "NOT met")}); collector {ticks.CollectedPerSecond:N0} entries/s; lag after {ticks.LagAfter:N0}; CPU cores: replicas {string.Join(" + ", ticks.ReplicaCpu.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))}, redis-server {ticks.RedisCpu:0.00}, subscriber {ticks.BenchCpu:0.00}"));

        var analysis = await AnalysisOnlyBenchmark.RunAsync();
        results.Add(BenchmarkResult.Against("market_analysis_only_ticks_per_second", analysis.PricesPerSecond, "ticks/s", TicksTarget));
        AddCostPerTick(results, "market_analysis_only", analysis);
        Console.WriteLine(Invariant($"analysis only: {analysis.Prices:N0} price.updated in {analysis.Window.TotalSeconds:0.0} s = {analysis.PricesPerSecond:N0} ticks/s; CPU cores: replicas {string.Join(" + ", analysis.ReplicaCpu.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))}, redis-server {analysis.RedisCpu:0.00}"));

        var reaper = await ReaperBenchmark.RunAsync();
        results.Add(BenchmarkResult.Against("reaper_dead_letters_per_second", reaper.HandledPerSecond, "dead letters/s", reaper.HandledPerSecond));
        results.Add(BenchmarkResult.Against("reaper_10000_dead_letters_from_process_start", reaper.FromStart.TotalSeconds, "s", reaper.Ready.TotalSeconds));
        Console.WriteLine(Invariant($"reaper: {reaper.DeadLetters:N0} dead letters ({reaper.Redriven:N0} re-driven, {reaper.Parked:N0} parked) at {reaper.HandledPerSecond:N0}/s; {reaper.FromStart.TotalSeconds:0.00} s from process start (ready after {reaper.Ready.TotalSeconds:0.00} s)"));

        var environment = Invariant($"""
            redis-server on 127.0.0.1 (one per benchmark, no persistence), {Environment.ProcessorCount} cores, .NET {Environment.Version}. Load before the run is not controlled: other work on the machine makes these figures noisy.

            Ticks: two market-monitor replicas as processes (`dotnet services/market-monitor/bin/Release/net10.0/Fleet.MarketMonitor.dll`, default options but `MarketMonitor__Collector__Feed=random`, `TicksPerSecond=0` (as fast as possible, but at most `MaxLead`, by default 100 000, ticks ahead of the analysis), `BatchSize={TickThroughputBenchmark.CollectorBatchSize}` and {TickThroughputBenchmark.Symbols} symbols); the replica holding the `market-collector` lease publishes the random walk in fenced batches, both analyse market.events in group `market-monitor` (no partition key; a batch handler takes the ticks of a read and applies each symbol's in one script call, ADRs 0010 and 0012). This process PSUBSCRIBEs `price.updated.*` and counts messages; after a {TickThroughputBenchmark.Warmup.TotalSeconds:0} s warm-up, the messages of a {TickThroughputBenchmark.Window.TotalSeconds:0} s window / its length = ticks through the analysis per second (baseline: the target, 20 000/s). Beside it: market.events' entries-added counter over the same window (the collector's rate; baseline: the analysis rate, so a ratio above 1 means the analysis falls behind), the group's lag at the window's end (baseline: the window's ticks), and CPU time over the window in cores (/proc/<pid>/stat for the replicas, INFO cpu for redis-server, this process's), against the machine's cores; and the {CommandsReported} commands redis-server spent most time in over the window (INFO commandstats), in µs per tick through the analysis, against the whole budget of one tick at the target (50 µs: a single-threaded redis-server cannot exceed the target if the ticks' commands take more). `…_cpu_usec_per_tick`: CPU time per tick of redis-server and of both replicas together (the collector's share included), the figures a loaded machine disturbs least: 1 000 000 / redis-server's figure is the rate one free core for redis-server would allow, 2 000 000 / the sum of both the rate the whole machine would.

            Analysis only (`market_analysis_only_*`): {AnalysisOnlyBenchmark.Ticks:N0} ticks of the same {TickThroughputBenchmark.Symbols} symbols written to market.events first (envelopes as the collector writes them), then two replicas with `MarketMonitor__Collector__Enabled=false` started together; the window runs from the end of a warm-up (both ready, a first price, then {TickThroughputBenchmark.Warmup.TotalSeconds:0} s or a quarter of the ticks, whichever comes first) to the last price.

            Reaper: {ReaperBenchmark.DeadLetters:N0} dead letters pre-filled on contextual.events' :dlq in Fleet.Events' shape (half max_deliveries that failed a minute ago, re-driven at once with `Reaper__Redrive__Cooldown=00:00:00`; half malformed, parked at once); then dead-letter-reaper is started and system.events is read until it holds one system.dead_letter.redriven or .parked per dead letter. Rate = (n - 1) / (last decision's timestamp - first's), start-up excluded (baseline: itself); the time from process start to the last decision is beside it (baseline: start to /health/ready).
            """);
        return await ResultWriter.WriteAsync(outputDirectory, "market", "Market benchmarks (issue 9: market-monitor and dead-letter-reaper as processes)", results, Targets, environment);
    }

    /// <summary>
    /// What a tick cost each side in CPU time (the figures a loaded machine disturbs least): redis-server's and the
    /// replicas' µs per tick, against the budget of one tick at the target (one core each: 50 µs), and redis-server's
    /// busiest commands.
    /// </summary>
    private static void AddCostPerTick(List<BenchmarkResult> results, string prefix, TickFigures ticks)
    {
        var perTick = Math.Max(ticks.Prices, 1);
        var seconds = ticks.Window.TotalSeconds;
        results.Add(BenchmarkResult.Against($"{prefix}_redis_cpu_usec_per_tick", ticks.RedisCpu * seconds * 1e6 / perTick, "µs", 1_000_000.0 / TicksTarget));
        results.Add(BenchmarkResult.Against($"{prefix}_replicas_cpu_usec_per_tick", ticks.ReplicaCpu.Sum() * seconds * 1e6 / perTick, "µs", 1_000_000.0 / TicksTarget));
        foreach (var (command, calls, microseconds) in ticks.Commands.Take(CommandsReported))
        {
            results.Add(BenchmarkResult.Against($"{prefix}_redis_{command.Replace('|', '_')}_usec_per_tick", (double)microseconds / perTick, "µs", 1_000_000.0 / TicksTarget));
            Console.WriteLine(Invariant($"  {prefix} redis {command}: {calls:N0} calls ({(double)calls / perTick:0.00} per tick), {microseconds / 1000.0:N0} ms, {(double)microseconds / calls:0.0} µs per call, {(double)microseconds / perTick:0.0} µs per tick"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
