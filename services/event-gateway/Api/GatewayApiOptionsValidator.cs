using System.Globalization;
using Fleet.EventGateway.Api.Security;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Api;

/// <summary>Checks <see cref="GatewayApiOptions"/> at start; each failure names the option and never repeats a key.</summary>
internal sealed class GatewayApiOptionsValidator : IValidateOptions<GatewayApiOptions>
{
    private const long MaxRequestBytesLimit = 64L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, GatewayApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ApiKeySources.Read(options.ApiKeys, failures);
        if (options.MaxRequestBytes is < 1024 or > MaxRequestBytesLimit)
        {
            failures.Add(Invariant($"Gateway:MaxRequestBytes must be between 1024 and {MaxRequestBytesLimit}; got {options.MaxRequestBytes}."));
        }

        if (options.MaxBatchEvents is < 1 or > 10_000)
        {
            failures.Add(Invariant($"Gateway:MaxBatchEvents must be between 1 and 10000; got {options.MaxBatchEvents}."));
        }

        var limit = options.RateLimit;
        if (limit.PermitsPerWindow is < 1 or > 100_000_000)
        {
            failures.Add(Invariant($"Gateway:RateLimit:PermitsPerWindow must be between 1 and 100000000; got {limit.PermitsPerWindow}."));
        }

        if (limit.AnonymousPermitsPerWindow is < 1 or > 100_000_000)
        {
            failures.Add(Invariant($"Gateway:RateLimit:AnonymousPermitsPerWindow must be between 1 and 100000000; got {limit.AnonymousPermitsPerWindow}."));
        }

        if (limit.Window < TimeSpan.FromMilliseconds(1) || limit.Window > TimeSpan.FromDays(1))
        {
            failures.Add(Invariant($"Gateway:RateLimit:Window must be between 00:00:00.001 and 1.00:00:00; got {limit.Window:c}."));
        }

        for (var i = 0; i < options.Cors.AllowedOrigins.Count; i++)
        {
            var origin = options.Cors.AllowedOrigins[i];
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                failures.Add(Invariant($"Gateway:Cors:AllowedOrigins:{i} must be an origin such as https://ops.example.com (scheme, host, port; no path, no '*'); got '{origin}'."));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
