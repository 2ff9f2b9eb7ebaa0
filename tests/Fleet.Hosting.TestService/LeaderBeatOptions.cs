namespace Fleet.Hosting.TestService;

/// <summary>Leader mode (section <c>TestService:Leader</c>): the process campaigns for lease <see cref="LeaderBeat.Lease"/> and beats while it leads.</summary>
internal sealed class LeaderBeatOptions
{
    public const string Section = "TestService:Leader";

    /// <summary>Campaign at all (<c>TestService__Leader__Enabled=true</c>). Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Time between two beats. Default 50 ms.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(50);
}
