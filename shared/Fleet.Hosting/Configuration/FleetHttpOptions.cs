namespace Fleet.Hosting.Configuration;

/// <summary>The one HTTP port of a service (<c>Fleet:Http</c>).</summary>
internal sealed class FleetHttpOptions
{
    /// <summary>The default port.</summary>
    public const int DefaultPort = 8080;

    /// <summary>TCP port Kestrel listens on, on every interface. Default 8080; 0 takes any free port (tests).</summary>
    public int Port { get; set; } = DefaultPort;
}
