using System.Net;
using System.Net.Sockets;
using Fleet.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Hosting.Tests.Configuration;

/// <summary>The host-level settings AddFleetService applies, and the exit code of a start that fails for another reason.</summary>
public sealed class HostSettingsTests
{
    private const string GoodRedis = "redis://127.0.0.1:6379";

    [Fact]
    public async Task ShutdownTimeout_Set_IsTheHostsShutdownTimeout()
    {
        await using var app = TestApplications.Service(new() { ["REDIS_URL"] = GoodRedis, ["Fleet:ShutdownTimeout"] = "00:00:45" });

        Assert.Equal(TimeSpan.FromSeconds(45), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task ShutdownTimeout_Unset_ThirtySecondsAboveTheGroupsTen()
    {
        await using var app = TestApplications.Service(new() { ["REDIS_URL"] = GoodRedis });

        Assert.Equal(TimeSpan.FromSeconds(30), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.True(app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout > new Fleet.Events.ConsumerGroupOptions().ShutdownTimeout);
    }

    [Fact]
    public void Identity_OtelServiceNameAndInstanceName_TelemetryNameRenamedLogNameKept()
    {
        var builder = TestApplications.Builder(new() { ["OTEL_SERVICE_NAME"] = "fp-staging", ["Fleet:Events:InstanceName"] = "file-processor-2" });

        var identity = FleetServiceIdentity.From("file-processor", builder.Configuration);

        Assert.Equal(("file-processor", "fp-staging", "file-processor-2"), (identity.ServiceName, identity.TelemetryName, identity.InstanceName));
        Assert.False(string.IsNullOrEmpty(identity.Version));
    }

    [Fact]
    public void Identity_Defaults_ServiceNameAndHostName()
    {
        var identity = FleetServiceIdentity.From("notifier", TestApplications.Builder([]).Configuration);

        Assert.Equal(("notifier", "notifier", Environment.MachineName), (identity.ServiceName, identity.TelemetryName, identity.InstanceName));
    }

    [Fact]
    public async Task Run_PortInUse_ExitsOneWithOneLine()
    {
        using var occupant = new TcpListener(IPAddress.IPv6Any, FreePort.Next());
        occupant.Server.DualMode = true;
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var app = TestApplications.Service(new() { ["REDIS_URL"] = GoodRedis, ["Fleet:Http:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var errors = new StringWriter();

        var code = await FleetApplicationExtensions.RunAsync(app, errors);

        Assert.Equal(FleetExitCodes.Failed, code);
        var line = Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Start failed: ", line, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadSerilogLevel_ReportedAsAConfigurationError()
    {
        var app = TestApplications.Service(new() { ["REDIS_URL"] = GoodRedis, ["Serilog:MinimumLevel:Default"] = "Loud" });
        using var errors = new StringWriter();

        var code = await FleetApplicationExtensions.RunAsync(app, errors);

        Assert.Equal(FleetExitCodes.ConfigurationError, code);
        var line = Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: Serilog", line, StringComparison.Ordinal);
        Assert.Contains("Loud", line, StringComparison.Ordinal);
    }
}
