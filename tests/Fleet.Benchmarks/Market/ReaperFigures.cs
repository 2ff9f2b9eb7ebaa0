namespace Fleet.Benchmarks.Market;

/// <summary>What the reaper benchmark measured.</summary>
/// <param name="DeadLetters">Dead letters pre-filled (half <c>max_deliveries</c>, half <c>malformed</c>).</param>
/// <param name="Redriven"><c>system.dead_letter.redriven</c> events seen.</param>
/// <param name="Parked"><c>system.dead_letter.parked</c> events seen.</param>
/// <param name="HandledPerSecond">Dead letters handled per second, from the first decision's event to the last.</param>
/// <param name="FromStart">From just before the process started to the last decision's event (start-up included).</param>
/// <param name="Ready">From process start to /health/ready.</param>
internal sealed record ReaperFigures(int DeadLetters, int Redriven, int Parked, double HandledPerSecond, TimeSpan FromStart, TimeSpan Ready);
