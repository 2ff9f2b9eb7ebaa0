using Fleet.Ctl.Cli;
using Fleet.Hosting.Configuration;
using Fleet.Redis;

namespace Fleet.Ctl.Connection;

/// <summary>
/// The Redis fleetctl talks to: <c>--redis</c>, else <c>ConnectionStrings__Redis</c> and <c>REDIS_URL</c> as the services
/// read them, else <c>redis://localhost:6379</c> (what redis-cli assumes). Parsed and masked by the services' own
/// <see cref="RedisUrlSetting"/>, so a URL a service accepts fleetctl accepts, and no message shows its password.
/// </summary>
internal sealed class RedisTarget
{
    /// <summary>The URL used when nothing names one.</summary>
    public const string DefaultUrl = "redis://localhost:6379";

    private RedisTarget(RedisClientOptions options, SecretMask mask)
    {
        Options = options;
        Mask = mask;
    }

    /// <summary>The client options; its ToString shows no password.</summary>
    public RedisClientOptions Options { get; }

    /// <summary>Hides the URL's password in any text.</summary>
    public SecretMask Mask { get; }

    /// <summary>Resolves and checks the URL; a bad one is a usage error naming where it came from.</summary>
    public static RedisTarget Resolve(string? option)
    {
        var (url, source) = Choose(option);
        var setting = RedisUrlSetting.Parse(url, source);
        return setting.Options is { } options
            ? new RedisTarget(options with { ClientName = options.ClientName ?? "fleetctl" }, setting.Mask)
            : throw CliException.Usage(setting.Problem!);
    }

    /// <summary>The mask of the URL <see cref="Resolve"/> would use, even when that URL is not valid.</summary>
    public static SecretMask MaskOf(string? option) => SecretMask.ForUrl(Choose(option).Url);

    private static (string Url, string Source) Choose(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? (option, "--redis")
            : Environment.GetEnvironmentVariable("ConnectionStrings__Redis") is { Length: > 0 } connectionString ? (connectionString, "ConnectionStrings__Redis")
            : Environment.GetEnvironmentVariable(RedisUrlSetting.FallbackVariable) is { Length: > 0 } variable ? (variable, RedisUrlSetting.FallbackVariable)
            : (DefaultUrl, "the default Redis URL");

    /// <summary>
    /// Connects with one attempt (RedisClient.ConnectAsync fails at once when nothing listens), so an unreachable
    /// server is a failure within the connect timeout, not a wait.
    /// </summary>
    public async Task<RedisClient> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RedisClient.ConnectAsync(Options, cancellationToken);
        }
        catch (RedisConnectionException e)
        {
            throw new CliException(ExitCodes.Failure, $"Redis at {Options} is unreachable: {Mask.Apply(e.Message)}", e);
        }
    }
}
