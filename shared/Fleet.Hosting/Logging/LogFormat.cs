namespace Fleet.Hosting.Logging;

/// <summary>The values of <c>Fleet:Logging:Format</c>.</summary>
internal enum LogFormat
{
    /// <summary>Compact JSON when stdout is redirected (a container, a pipe), text in a terminal.</summary>
    Auto,

    /// <summary>One compact JSON object per line (Serilog's rendered compact format).</summary>
    Json,

    /// <summary>One readable line per record.</summary>
    Text,
}
