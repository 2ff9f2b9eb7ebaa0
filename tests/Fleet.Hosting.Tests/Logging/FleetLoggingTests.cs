using Fleet.Hosting.Configuration;
using Fleet.Hosting.Logging;
using Microsoft.Extensions.Configuration;
using Serilog.Events;
using Serilog.Parsing;

namespace Fleet.Hosting.Tests.Logging;

public sealed class FleetLoggingTests
{
    [Theory]
    [InlineData(null, true, "Json")]
    [InlineData("auto", true, "Json")]
    [InlineData(null, false, "Text")]
    [InlineData("AUTO", false, "Text")]
    [InlineData("json", false, "Json")]
    [InlineData("text", true, "Text")]
    public void Resolve_FormatAndRedirection_JsonOnlyWhenAskedOrRedirected(string? value, bool redirected, string expected) =>
        Assert.Equal(expected, FleetLogging.Resolve(value, redirected).ToString());

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public void Formatter_RecordQuotingTheRedisUrl_PasswordMasked(string format)
    {
        var mask = RedisUrlSetting.Parse("redis://app:s3cret-pw@cache:6379", fromVariable: false).Mask;
        var formatter = FleetLogging.Formatter(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [FleetLogging.FormatKey] = format }).Build(), mask);
        var record = new LogEvent(
            DateTimeOffset.UnixEpoch,
            LogEventLevel.Warning,
            exception: null,
            new MessageTemplateParser().Parse("Could not reach {Url}"),
            [new LogEventProperty("Url", new ScalarValue("redis://app:s3cret-pw@cache:6379"))]);
        using var output = new StringWriter();

        formatter.Format(record, output);

        Assert.Contains("redis://app:***@cache:6379", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", output.ToString(), StringComparison.Ordinal);
    }
}
