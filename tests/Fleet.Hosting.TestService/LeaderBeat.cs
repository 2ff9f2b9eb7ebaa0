namespace Fleet.Hosting.TestService;

/// <summary>What the leader publishes every beat interval in leader mode, fenced by its lease.</summary>
/// <param name="Instance">The publishing process's instance name.</param>
/// <param name="FencingToken">Its fencing token when it published.</param>
/// <param name="Sequence">The beat's number within the term (1, 2, …).</param>
internal sealed record LeaderBeat(string Instance, long FencingToken, long Sequence)
{
    public const string Type = "test.leader.beat";

    /// <summary>The stream of the beats, and of the lease (a fenced publish checks a lease on its own stream).</summary>
    public const string Stream = "hosting.leader";

    public const string Lease = "beat";
}
