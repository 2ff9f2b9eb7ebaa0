using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Hosting.Tests.Health;

/// <summary>The <c>--health-check</c> mode: a GET of the service's own /health/ready on loopback, exit 0 on 200, else 1.</summary>
public sealed class FleetHealthCheckTests
{
    [Fact]
    public void IsRequested_ArgumentAmongOthers_TrueOnlyForTheExactArgument()
    {
        Assert.True(FleetHealthCheck.IsRequested(["--Fleet:Http:Port=8081", "--health-check"]));
        Assert.False(FleetHealthCheck.IsRequested(["--health-checks"]));
        Assert.False(FleetHealthCheck.IsRequested([]));
    }

    [Fact]
    public async Task Run_ReadyAnswers200_ExitsZeroWithOneHealthyLine()
    {
        await using var server = await StartAsync(StatusCodes.Status200OK, """{"status":"Healthy"}""");
        using var output = new StringWriter();

        var code = await FleetHealthCheck.RunAsync(Settings(server.Port), output, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Equal($"healthy: http://127.0.0.1:{server.Port}/health/ready answered 200 {{\"status\":\"Healthy\"}}", output.ToString().TrimEnd());
    }

    [Fact]
    public async Task Run_ReadyAnswers503_ExitsOneWithTheDescription()
    {
        await using var server = await StartAsync(StatusCodes.Status503ServiceUnavailable, """{"status":"Unhealthy","description":"Redis is unreachable"}""");
        using var output = new StringWriter();

        var code = await FleetHealthCheck.RunAsync(Settings(server.Port), output, TestContext.Current.CancellationToken);

        Assert.Equal(1, code);
        Assert.StartsWith("unhealthy: ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("answered 503", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Redis is unreachable", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NothingListens_ExitsOneSayingItDidNotAnswer()
    {
        using var output = new StringWriter();

        var code = await FleetHealthCheck.RunAsync(Settings(Fleet.Testing.Processes.FreePort.Next()), output, TestContext.Current.CancellationToken);

        Assert.Equal(1, code);
        Assert.Contains("did not answer", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("eighty")]
    [InlineData("70000")]
    public async Task Run_PortTheCheckCannotReach_ExitsOneNamingTheSetting(string port)
    {
        using var output = new StringWriter();

        var code = await FleetHealthCheck.RunAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Http:Port"] = port }).Build(), output, TestContext.Current.CancellationToken);

        Assert.Equal(1, code);
        Assert.Equal($"unhealthy: Fleet:Http:Port '{port}' is not a port this check can reach", output.ToString().TrimEnd());
    }

    private static IConfiguration Settings(int port) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Http:Port"] = port.ToString(CultureInfo.InvariantCulture) }).Build();

    /// <summary>A Kestrel server on a free loopback port whose /health/ready answers <paramref name="status"/> with <paramref name="body"/>.</summary>
    private static async Task<ReadyServer> StartAsync(int status, string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet(FleetEndpointRouteBuilderExtensions.ReadyPath, () => Results.Text(body, "application/json", statusCode: status));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ReadyServer(app, new Uri(address).Port);
    }

    private sealed record ReadyServer(WebApplication App, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
