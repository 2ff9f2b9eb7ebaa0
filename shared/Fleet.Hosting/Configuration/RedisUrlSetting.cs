using Fleet.Redis;
using Microsoft.Extensions.Configuration;

namespace Fleet.Hosting.Configuration;

/// <summary>
/// The Redis URL of a service, read once from <c>ConnectionStrings:Redis</c> or else <c>REDIS_URL</c>, and what is wrong
/// with it. A problem is not thrown here, while the host is being built: it is reported at start with the other
/// configuration errors (<see cref="FleetHostingOptionsValidator"/>).
/// </summary>
internal sealed class RedisUrlSetting
{
    /// <summary>The option every message names.</summary>
    public const string OptionName = "ConnectionStrings:Redis";

    /// <summary>The variable read when the connection string is not set (twelve-factor style).</summary>
    public const string FallbackVariable = "REDIS_URL";

    private RedisUrlSetting(RedisClientOptions? options, string? problem, SecretMask mask)
    {
        Options = options;
        Problem = problem;
        Mask = mask;
    }

    /// <summary>The parsed and validated client options; null when <see cref="Problem"/> is set.</summary>
    public RedisClientOptions? Options { get; }

    /// <summary>One line naming <see cref="OptionName"/> and what is wrong, never the password; null when the URL is good.</summary>
    public string? Problem { get; }

    /// <summary>Hides the URL's password.</summary>
    public SecretMask Mask { get; }

    /// <summary>Reads and checks the URL in <paramref name="configuration"/>.</summary>
    public static RedisUrlSetting Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("Redis");
        var fromVariable = string.IsNullOrWhiteSpace(connectionString);
        var url = fromVariable ? configuration[FallbackVariable] : connectionString;
        return Parse(url, fromVariable);
    }

    /// <summary>Checks <paramref name="url"/>; <paramref name="fromVariable"/> says it came from <c>REDIS_URL</c>.</summary>
    public static RedisUrlSetting Parse(string? url, bool fromVariable) =>
        Parse(url, fromVariable ? $"{OptionName} (from {FallbackVariable})" : OptionName);

    /// <summary>
    /// Checks <paramref name="url"/>, naming it <paramref name="source"/> in the problem (fleetctl names its <c>--redis</c>
    /// option or the variable it read), with the services' parsing and password masking.
    /// </summary>
    public static RedisUrlSetting Parse(string? url, string source)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return new(null, $"{OptionName} is missing: set ConnectionStrings__Redis or {FallbackVariable} to redis://host:port", SecretMask.None);
        }

        var mask = SecretMask.ForUrl(url);
        try
        {
            var options = RedisClientOptions.Parse(url.Trim());
            options.Validate();
            return new(options, null, mask);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            var reason = mask.Contains(e.Message)
                ? "the URL is malformed (details withheld: they would show the password); expected redis://[user:password@]host:port[/db]"
                : mask.Apply(e.Message);
            return new(null, $"{source} is not a valid Redis URL: {reason}", mask);
        }
    }
}
