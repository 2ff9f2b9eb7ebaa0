namespace Fleet.Hosting.TestService;

/// <summary>The one event the test service handles.</summary>
internal sealed record Pinged(string Text)
{
    public const string Type = "hosting.pinged";

    public const string Stream = "hosting.events";

    public const string Group = "hosting-test-service";
}
