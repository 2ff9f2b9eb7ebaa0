using Fleet.Hosting.Logging;

namespace Fleet.Hosting.Configuration;

/// <summary>How logs are written (<c>Fleet:Logging</c>).</summary>
internal sealed class FleetLoggingOptions
{
    /// <summary>Compact JSON lines, readable text, or <see cref="LogFormat.Auto"/> (JSON when stdout is redirected). Default auto.</summary>
    public LogFormat Format { get; set; } = LogFormat.Auto;
}
