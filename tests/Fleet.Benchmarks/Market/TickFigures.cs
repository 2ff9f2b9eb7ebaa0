namespace Fleet.Benchmarks.Market;

/// <summary>What the tick path measured over its window.</summary>
/// <param name="PricesPerSecond">price.updated.* messages received per second: ticks through the analysis to Pub/Sub.</param>
/// <param name="CollectedPerSecond">Entries added to market.events per second: the collector's ticks (and the analysis' few trend and anomaly events).</param>
/// <param name="Window">The measured window.</param>
/// <param name="Prices">Messages received in the window.</param>
/// <param name="LagAfter">The market-monitor group's lag on market.events at the window's end.</param>
/// <param name="Dropped">Messages the subscriber's buffer dropped (counted as received: they arrived).</param>
/// <param name="ReplicaCpu">Each replica's CPU use in the window, in cores (1.0 = one core busy).</param>
/// <param name="RedisCpu">redis-server's CPU use in the window, in cores.</param>
/// <param name="BenchCpu">This process's (the subscriber's) CPU use in the window, in cores.</param>
/// <param name="Commands">redis-server's calls and microseconds per command in the window, busiest first.</param>
internal sealed record TickFigures(
    double PricesPerSecond,
    double CollectedPerSecond,
    TimeSpan Window,
    long Prices,
    long LagAfter,
    long Dropped,
    IReadOnlyList<double> ReplicaCpu,
    double RedisCpu,
    double BenchCpu,
    IReadOnlyList<(string Command, long Calls, long Microseconds)> Commands);
