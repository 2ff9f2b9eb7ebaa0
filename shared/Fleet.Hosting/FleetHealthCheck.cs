using System.Globalization;
using Fleet.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace Fleet.Hosting;

/// <summary>
/// A container health check that needs no shell and no curl: the service's own binary started with
/// <c>--health-check</c> asks the running service's <c>/health/ready</c> on <c>127.0.0.1:{Fleet:Http:Port}</c> and exits
/// 0 when it answers 200, else 1 (Docker's HEALTHCHECK contract). It runs before any host is built, so a probe starts no
/// Redis connection, no telemetry and no hosted service. In Program.cs, right after <c>CreateSlimBuilder(args)</c>:
/// <code>
/// if (FleetHealthCheck.IsRequested(args))
/// {
///     return await FleetHealthCheck.RunAsync(builder.Configuration);
/// }
/// </code>
/// </summary>
public static class FleetHealthCheck
{
    /// <summary>The command-line argument that selects the health-check mode.</summary>
    public const string Argument = "--health-check";

    private const int Healthy = 0;
    private const int Unhealthy = 1;

    /// <summary>
    /// How long the probe waits for the answer at most: 30 s. The container engine's own check timeout (10 s in
    /// docker-compose.yml and the Dockerfile) normally ends a slow probe first and counts it as a failure; this bound is for
    /// a probe run by hand. It is not shorter because a cold .NET process on a saturated host can take seconds to connect.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Whether <paramref name="args"/> (Program.cs's <c>args</c>) ask for the health check instead of the service.</summary>
    /// <param name="args">The process's command-line arguments.</param>
    /// <returns>True when one of them is <see cref="Argument"/>.</returns>
    public static bool IsRequested(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Contains(Argument, StringComparer.Ordinal);
    }

    /// <summary>
    /// GETs <c>http://127.0.0.1:{Fleet:Http:Port}/health/ready</c> (the port read from <paramref name="configuration"/> as the
    /// service reads it: appsettings.json, then <c>Fleet__Http__Port</c>, default 8080) and writes one line on stdout:
    /// the status and the start of the answer, which a container engine keeps with the check's result.
    /// </summary>
    /// <param name="configuration">The service's configuration (<c>builder.Configuration</c>).</param>
    /// <returns>0 when the service answered 200, 1 otherwise (not listening, 503, no answer within <see cref="Timeout"/>).</returns>
    public static Task<int> RunAsync(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return RunAsync(configuration, Console.Out, CancellationToken.None);
    }

    /// <summary><see cref="RunAsync(IConfiguration)"/> writing its line to <paramref name="output"/>.</summary>
    internal static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var setting = configuration[$"{FleetHostingOptions.Section}:Http:Port"];
        var port = FleetHttpOptions.DefaultPort;
        if (!string.IsNullOrWhiteSpace(setting)
            && (!int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            // Port 0 (any free port) is for tests: the probe cannot know which one the service took.
            await output.WriteLineAsync($"unhealthy: Fleet:Http:Port '{setting}' is not a port this check can reach").ConfigureAwait(false);
            return Unhealthy;
        }

        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{FleetEndpointRouteBuilderExtensions.ReadyPath}");
        // No proxy: an HTTP_PROXY in the container's environment must not carry a loopback probe elsewhere.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = Timeout }) { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var healthy = code == 200;
            await output.WriteLineAsync($"{(healthy ? "healthy" : "unhealthy")}: {url} answered {code.ToString(CultureInfo.InvariantCulture)} {Shorten(body)}").ConfigureAwait(false);
            return healthy ? Healthy : Unhealthy;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync($"unhealthy: {url} did not answer: {e.GetBaseException().Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return Unhealthy;
        }
    }

    // The readiness body is a small JSON object; a container engine keeps only the first 4 KiB of a check's output anyway.
    private static string Shorten(string body) =>
        body.Length <= 300 ? body.ReplaceLineEndings(" ") : body[..300].ReplaceLineEndings(" ") + "…";
}
