using Fleet.Hosting.Configuration;
using Serilog.Events;
using Serilog.Formatting;

namespace Fleet.Hosting.Logging;

/// <summary>Formats a record with the inner formatter, then hides the Redis password in the text (<see cref="SecretMask"/>).</summary>
internal sealed class MaskingFormatter(ITextFormatter inner, SecretMask mask) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new StringWriter(output.FormatProvider);
        inner.Format(logEvent, buffer);
        output.Write(mask.Apply(buffer.ToString()));
    }
}
