using System.Globalization;

namespace Fleet.Demo;

/// <summary>
/// The driver's settings, from the command line and the environment (deploy/local/run.sh passes both). The webhook
/// secret comes only from the environment, never from the command line where `ps` would show it.
/// </summary>
internal sealed class DemoOptions
{
    public string RedisUrl { get; private set; } = Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379";

    /// <summary>file-processor's storage root: uploads are copied under it.</summary>
    public string StorageRoot { get; private set; } = Environment.GetEnvironmentVariable("FileProcessor__StorageRoot") ?? string.Empty;

    /// <summary>The sample files (samples/files/).</summary>
    public string FilesDirectory { get; private set; } = Path.Combine("samples", "files");

    /// <summary>The secret notifier signs webhooks with (the same variable notifier reads).</summary>
    public string WebhookSecret { get; } = Environment.GetEnvironmentVariable("Notifier__Webhook__SigningSecret") ?? string.Empty;

    /// <summary>event-gateway's base URL (--gateway): the dashboard, the archive and the replay steps use it.</summary>
    public Uri? GatewayUrl { get; private set; }

    /// <summary>The gateway's admin key (the variable the gateway reads): the replay step needs it.</summary>
    public string GatewayAdminKey { get; } = Environment.GetEnvironmentVariable("Gateway__ApiKeys__Admin__0") ?? string.Empty;

    /// <summary>The gateway's read-only key: the queries use it; the admin key when none is set.</summary>
    public string GatewayReadOnlyKey { get; } = Environment.GetEnvironmentVariable("Gateway__ApiKeys__ReadOnly__0") is { Length: > 0 } key
        ? key
        : Environment.GetEnvironmentVariable("Gateway__ApiKeys__Admin__0") ?? string.Empty;

    public int WebhookPort { get; private set; } = 8090;

    public int SmtpPort { get; private set; } = 2525;

    public string UserId { get; private set; } = "demo-user";

    public string Email { get; private set; } = "demo-user@fleet.test";

    public string Query { get; private set; } = "how do consumer groups share work";

    /// <summary>The file the search's best hit must belong to in <c>--check</c> mode.</summary>
    public string ExpectedTopFile { get; private set; } = "report.pdf";

    /// <summary>Exit with the scenario's verdict instead of staying up (make demo).</summary>
    public bool Check { get; private set; }

    /// <summary>How long the whole scenario may take before what is missing is reported.</summary>
    public TimeSpan Deadline { get; private set; } = TimeSpan.FromMinutes(5);

    /// <summary>run.sh's directory of <c>&lt;instance&gt;.pid</c> files: the failover and the alert steps signal processes by them.</summary>
    public string? PidDirectory { get; private set; }

    /// <summary>The CSV market-monitor replays (its <c>MarketMonitor__Collector__CsvPath</c>): the price alert's threshold is found in it.</summary>
    public string MarketCsv { get; private set; } = Path.Combine("samples", "market", "ticks.csv");

    /// <summary>dead-letter-reaper's <c>Alerts__ConsumerLag</c>: the lag step publishes more than this while a consumer is paused.</summary>
    public int LagThreshold { get; private set; } = 1000;

    /// <summary>The services' HTTP endpoints (name, base URL), shown in the summary with their health.</summary>
    public List<KeyValuePair<string, Uri>> Services { get; } = [];

    public static DemoOptions Parse(string[] args)
    {
        var options = new DemoOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--check")
            {
                options.Check = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--redis": options.RedisUrl = value; break;
                case "--storage-root": options.StorageRoot = value; break;
                case "--files": options.FilesDirectory = value; break;
                case "--webhook-port": options.WebhookPort = Port(name, value); break;
                case "--smtp-port": options.SmtpPort = Port(name, value); break;
                case "--user": options.UserId = value; break;
                case "--email": options.Email = value; break;
                case "--query": options.Query = value; break;
                case "--expect-top": options.ExpectedTopFile = value; break;
                case "--deadline": options.Deadline = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--service": options.Services.Add(Service(value)); break;
                case "--pid-dir": options.PidDirectory = value; break;
                case "--market-csv": options.MarketCsv = value; break;
                case "--gateway": options.GatewayUrl = Url(name, value); break;
                case "--lag-threshold": options.LagThreshold = Count(name, value); break;
                default: throw new ArgumentException($"Unknown option {name}. {Usage}");
            }
        }

        if (string.IsNullOrEmpty(options.StorageRoot) || !Directory.Exists(options.StorageRoot))
        {
            throw new ArgumentException($"--storage-root (or FileProcessor__StorageRoot) must name an existing directory, file-processor's storage root; got '{options.StorageRoot}'.");
        }

        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            throw new ArgumentException("Notifier__Webhook__SigningSecret must be set: the webhook receiver checks notifier's signatures with it.");
        }

        if (options.GatewayUrl is not null && string.IsNullOrEmpty(options.GatewayAdminKey))
        {
            throw new ArgumentException("Gateway__ApiKeys__Admin__0 must be set with --gateway: the replay step needs the gateway's admin key.");
        }

        if (!Directory.Exists(options.FilesDirectory))
        {
            throw new ArgumentException($"--files: no directory '{options.FilesDirectory}' (the sample files are in samples/files/).");
        }

        if (!File.Exists(options.MarketCsv))
        {
            throw new ArgumentException($"--market-csv: no file '{options.MarketCsv}' (the sample is samples/market/ticks.csv).");
        }

        return options;
    }

    public const string Usage =
        "Usage: Fleet.Demo --storage-root DIR [--redis URL] [--files DIR] [--webhook-port N] [--smtp-port N] " +
        "[--service NAME=URL]... [--query TEXT] [--expect-top FILE] [--deadline SECONDS] " +
        "[--pid-dir DIR] [--market-csv FILE] [--lag-threshold N] [--gateway URL] [--check]";

    private static int Port(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new ArgumentException($"{name} must be a port number; got '{value}'.");

    private static int Count(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is > 0 and <= 100_000
            ? count
            : throw new ArgumentException($"{name} must be a number from 1 to 100000; got '{value}'.");

    private static Uri Url(string name, string value) =>
        Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"{name} must be an http(s) URL; got '{value}'.");

    private static KeyValuePair<string, Uri> Service(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && Uri.TryCreate(value[(equals + 1)..], UriKind.Absolute, out var uri)
            ? new(value[..equals], uri)
            : throw new ArgumentException($"--service must be NAME=URL; got '{value}'.");
    }
}
