using System.Globalization;
using System.Text.RegularExpressions;

namespace Fleet.Benchmarks.Gateway;

/// <summary>What one <c>wrk --latency</c> run printed: requests, non-2xx answers, the rate and the latency percentiles.</summary>
internal sealed partial record WrkFigures(long Requests, long Non2xx, long SocketErrors, double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms)
{
    public long Successful => Requests - Non2xx;

    /// <summary>Reads wrk's report; throws naming the line it could not find.</summary>
    public static WrkFigures Parse(string output)
    {
        var requests = long.Parse(Match(RequestsRegex(), output, "N requests in"), CultureInfo.InvariantCulture);
        var non2xx = NonSuccessRegex().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var errors = SocketErrorsRegex().Match(output) is { Success: true } e
            ? e.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkFigures(
            requests,
            non2xx,
            errors,
            double.Parse(Match(RateRegex(), output, "Requests/sec:"), CultureInfo.InvariantCulture),
            Percentile(output, "50"),
            Percentile(output, "90"),
            Percentile(output, "99"));
    }

    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s*{percent}%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        if (!match.Success)
        {
            throw new InvalidOperationException($"wrk printed no {percent}% latency (run with --latency):\n{output}");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    private static string Match(Regex regex, string output, string what) =>
        regex.Match(output) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"wrk printed no '{what}' line:\n{output}");

    [GeneratedRegex(@"^\s*([0-9]+) requests in", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RequestsRegex();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s*([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex NonSuccessRegex();

    [GeneratedRegex(@"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SocketErrorsRegex();

    [GeneratedRegex(@"Requests/sec:\s*([0-9.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RateRegex();
}
