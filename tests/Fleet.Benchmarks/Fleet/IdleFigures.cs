namespace Fleet.Benchmarks.Fleet;

/// <summary>One replica's start-up: process start to <c>/health/live</c> and to <c>/health/ready</c> 200, and its idle RSS.</summary>
internal sealed record IdleFigures(string Replica, string Service, TimeSpan Live, TimeSpan Ready, double RssMegabytes);
