using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Postgres;
using PuppeteerSharp;

namespace Fleet.EventGateway.Tests.Dashboard;

/// <summary>
/// What the browser test runs against, shared by the class: a real redis-server and PostgreSQL (the archive), the gateway
/// and dead-letter-reaper as real processes on free loopback ports, and one headless Debian chromium driven by PuppeteerSharp (never downloaded:
/// <c>/usr/bin/chromium</c>, or <c>FLEET_CHROMIUM</c>).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>The gateway's admin key (<c>Gateway__ApiKeys__Admin__0</c>).</summary>
    internal const string AdminKey = "dashboard-test-admin-key-7f3c9a1e";

    /// <summary>The gateway's read-only key (<c>Gateway__ApiKeys__ReadOnly__0</c>).</summary>
    internal const string ReadKey = "dashboard-test-read-key-52be08d4";

    /// <summary><c>Dashboard__JaegerUrl</c>: never called, only linked to.</summary>
    internal const string JaegerUrl = "http://jaeger.test:16686";

    /// <summary>The variable naming another chromium binary.</summary>
    internal const string ChromiumVariable = "FLEET_CHROMIUM";

    /// <summary>Start-up and work on a busy 2-core machine (a failure guard, scaled by FLEET_TEST_TIME_SCALE).</summary>
    internal static readonly TimeSpan Limit = TimeSpan.FromSeconds(180);

    private readonly string _userDataDirectory = Path.Combine(Path.GetTempPath(), "fleet-dashboard-chromium-" + Guid.NewGuid().ToString("N"));
    private RedisServer? _redis;
    private PostgresServer? _postgres;
    private ServiceUnderTest? _gateway;
    private ServiceUnderTest? _reaper;
    private IBrowser? _browser;

    /// <summary>The Redis the fleet uses.</summary>
    internal RedisClient Redis { get; private set; } = null!;

    /// <summary>The fleet's keys (default prefix).</summary>
    internal StreamKeys Keys { get; } = new();

    /// <summary>The gateway's root URL.</summary>
    internal Uri Gateway => _gateway?.BaseUrl ?? throw NotStarted();

    /// <summary>The gateway's and the reaper's last lines, for failure messages.</summary>
    internal string Logs => $"event-gateway:\n{_gateway?.Tail}\n\ndead-letter-reaper:\n{_reaper?.Tail}";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var postgres = PostgresServer.StartAsync(cancellationToken);
        _redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        Redis = await RedisClient.ConnectAsync(_redis.Url, cancellationToken);
        var browser = LaunchBrowserAsync();
        var reaper = ServiceUnderTest.StartAsync("dead-letter-reaper", new Dictionary<string, string?> { ["REDIS_URL"] = _redis.Url }, Limit);
        _postgres = await postgres;
        var gateway = ServiceUnderTest.StartAsync("event-gateway", new Dictionary<string, string?>
        {
            ["REDIS_URL"] = _redis.Url,
            ["ConnectionStrings__Archive"] = await _postgres.CreateDatabaseAsync("dashboard", cancellationToken),
            ["Gateway__ApiKeys__Admin__0"] = AdminKey,
            ["Gateway__ApiKeys__ReadOnly__0"] = ReadKey,
            ["Dashboard__JaegerUrl"] = JaegerUrl,
        }, Limit);
        _browser = await browser;
        _gateway = await gateway;
        _reaper = await reaper;
    }

    /// <summary>A new tab at desktop width, showing the dashboard after the key was typed into its form.</summary>
    internal async Task<IPage> OpenDashboardAsync(string key = AdminKey)
    {
        var page = await (_browser ?? throw NotStarted()).NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1440, Height = 1100 });
        // The root redirects to the page.
        await page.GoToAsync(Gateway.AbsoluteUri, WaitUntilNavigation.Load);
        await page.WaitForSelectorAsync("#key-input", Visible());
        await page.TypeAsync("#key-input", key);
        await page.ClickAsync("#key-form button[type=submit]");
        await page.WaitForSelectorAsync("#streams tbody tr[data-stream]", Visible());
        return page;
    }

    /// <summary>Waits until <paramref name="script"/> (a JavaScript function body's expression) is truthy in <paramref name="page"/>.</summary>
    internal static async Task WaitForAsync(IPage page, string script, string what)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => {script}", new WaitForFunctionOptions { PollingInterval = 100, Timeout = (int)Eventually.Scaled(Limit).TotalMilliseconds });
        }
        catch (WaitTaskTimeoutException e)
        {
            throw new TimeoutException($"The page never showed {what} ({script}).", e);
        }
    }

    internal static WaitForSelectorOptions Visible() => new() { Visible = true, Timeout = (int)Eventually.Scaled(Limit).TotalMilliseconds };

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        foreach (var disposable in new IAsyncDisposable?[] { _gateway, _reaper, Redis, _redis, _postgres })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        try
        {
            Directory.Delete(_userDataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The browser never started.
        }
    }

    private async Task<IBrowser> LaunchBrowserAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } chosen ? chosen : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"{executable} is missing: the dashboard test drives Debian's chromium (apt-get install chromium, or deploy/local/ensure.sh chromium), or set {ChromiumVariable}.");
        }

        Directory.CreateDirectory(_userDataDirectory);
        return await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            UserDataDir = _userDataDirectory,
            Timeout = (int)Eventually.Scaled(Limit).TotalMilliseconds,
            ProtocolTimeout = (int)Eventually.Scaled(Limit).TotalMilliseconds,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    private static InvalidOperationException NotStarted() => new("DashboardFixture is not initialized: xUnit calls InitializeAsync before the first test.");
}
