namespace Fleet.Chaos;

/// <summary>The one event type of the chaos suite: a publisher's sequence number, so loss, order and duplicates can be counted.</summary>
/// <param name="Seq">1, 2, 3 … per publisher.</param>
/// <param name="Publisher">The publisher's instance name (or <c>raw</c> for entries the test writes with XADD).</param>
public sealed record ChaosTick(long Seq, string Publisher)
{
    /// <summary>The registered type name.</summary>
    public const string TypeName = "chaos.tick";
}
