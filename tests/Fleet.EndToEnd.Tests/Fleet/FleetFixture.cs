using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Processes;
using Fleet.EndToEnd.Tests.Receivers;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>
/// The fleet of docs/fleet.md on this machine: a redis-server, the users' webhook endpoint, an SMTP sink and an OTLP receiver
/// in the test, and the built services as child processes (two file-processor replicas, one embedding-generator, one
/// notifier) configured by the environment variables of the process contract. Tests share it (loading the model takes
/// seconds); each uses its own users and files, and a test that stops processes starts them again before it ends.
/// Set <c>FLEET_E2E_LOGS</c> to a directory to keep every process's output there.
/// </summary>
public sealed partial class FleetFixture : IAsyncLifetime
{
    internal const string FileProcessor1 = "file-processor-1";
    internal const string FileProcessor2 = "file-processor-2";
    internal const string EmbeddingGenerator1 = "embedding-generator-1";
    internal const string Notifier1 = "notifier-1";

    private const string LogsVariable = "FLEET_E2E_LOGS";

    /// <summary>Time to /health/ready: the model loads in seconds, and a replica restarted under a SIGKILLed one's name waits out its 15 s lease.</summary>
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(240);

    private readonly ConcurrentDictionary<string, ServiceProcess> _processes = new();
    private readonly string _signingSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private RedisServer? _redis;
    private RedisClient? _client;
    private ServiceProvider? _events;
    private ActivityListener? _publishSpans;
    private bool _keepLogs;

    internal static IReadOnlyList<Replica> Replicas { get; } =
    [
        new(FileProcessor1, ServiceBinaries.FileProcessor),
        new(FileProcessor2, ServiceBinaries.FileProcessor),
        new(EmbeddingGenerator1, ServiceBinaries.EmbeddingGenerator),
        new(Notifier1, ServiceBinaries.Notifier),
    ];

    internal RedisServer Redis => _redis ?? throw NotStarted();

    internal RedisClient Client => _client ?? throw NotStarted();

    internal IEventPublisher Publisher => _events?.GetRequiredService<IEventPublisher>() ?? throw NotStarted();

    internal FleetState State { get; private set; } = null!;

    internal WebhookReceiver Webhooks { get; private set; } = null!;

    internal SmtpSink Mail { get; private set; } = null!;

    internal OtlpReceiver Traces { get; private set; } = null!;

    /// <summary>file-processor's <c>FileProcessor__StorageRoot</c>: uploads are copied under it.</summary>
    internal string StorageRoot { get; private set; } = null!;

    internal string LogDirectory { get; private set; } = null!;

    internal ServiceProcess this[string replica] => _processes[replica];

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        StorageRoot = Directory.CreateTempSubdirectory("fleet-e2e-storage-").FullName;
        var logs = Environment.GetEnvironmentVariable(LogsVariable);
        _keepLogs = !string.IsNullOrEmpty(logs);
        LogDirectory = _keepLogs ? Directory.CreateDirectory(logs!).FullName : Directory.CreateTempSubdirectory("fleet-e2e-logs-").FullName;

        // The test's own publishes start spans (their traceparent is the root of each upload's trace) only when something listens.
        _publishSpans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Fleet.Events",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_publishSpans);

        _redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        _client = await RedisClient.ConnectAsync(_redis.Url, cancellationToken);
        var services = new ServiceCollection().AddLogging();
        services.AddFleetEvents(o => o.InstanceName = "e2e-tests").UseRedis(_client).AddFleetContracts();
        _events = services.BuildServiceProvider();
        State = new FleetState(_client, _events.GetRequiredService<EventTypeRegistry>(), _events.GetRequiredService<StreamKeys>());

        Webhooks = await WebhookReceiver.StartAsync(_signingSecret, cancellationToken);
        Mail = await SmtpSink.StartAsync(cancellationToken);
        Traces = await OtlpReceiver.StartAsync(cancellationToken);
        await StartAllAsync();
    }

    /// <summary>Starts every replica that is not running, in parallel, and waits until each is ready.</summary>
    internal Task StartAllAsync() =>
        Task.WhenAll(Replicas.Where(r => !_processes.TryGetValue(r.Name, out var p) || p.Exit.IsCompleted).Select(r => StartAsync(r.Name)));

    /// <summary>
    /// Starts <paramref name="replica"/> (again, under the same instance name, as an orchestrator would) and waits until
    /// <c>/health/ready</c> answers 200. A port another process took between choosing and binding it is chosen again.
    /// </summary>
    internal async Task<ServiceProcess> StartAsync(string replica)
    {
        var spec = Replicas.Single(r => r.Name == replica);
        if (_processes.TryRemove(replica, out var previous))
        {
            await previous.DisposeAsync();
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = ServiceProcess.Start(replica, ServiceBinaries.DllOf(spec.Service), port, EnvironmentOf(spec, port), LogDirectory);
            _processes[replica] = process;
            try
            {
                await process.WaitReadyAsync(ReadyLimit);
                return process;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.Tail.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>Every replica's environment: the process contract of docs/fleet.md, pointed at this fixture's Redis and receivers.</summary>
    internal Dictionary<string, string?> EnvironmentOf(Replica replica, int httpPort)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["REDIS_URL"] = Redis.Url,
            ["ConnectionStrings__Redis"] = null,
            ["Fleet__Http__Port"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["Fleet__Events__InstanceName"] = replica.Name,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Traces.Endpoint.AbsoluteUri.TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = null,
            // Spans leave each process 200 ms after they end, so a test waits on them briefly.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        switch (replica.Service)
        {
            case ServiceBinaries.FileProcessor:
                environment["FileProcessor__StorageRoot"] = StorageRoot;
                break;
            case ServiceBinaries.Notifier:
                environment["Notifier__Webhook__SigningSecret"] = _signingSecret;
                environment["Notifier__Smtp__Host"] = "127.0.0.1";
                environment["Notifier__Smtp__Port"] = Mail.Port.ToString(CultureInfo.InvariantCulture);
                environment["Notifier__Smtp__Security"] = "None";
                environment["Notifier__Smtp__From"] = "fleet@example.com";
                // 50 uploads of one user in a few seconds are not a flood here.
                environment["Notifier__RateLimit__PerMinute"] = "1000";
                break;
        }

        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Values.Select(p => p.DisposeAsync().AsTask()));
        foreach (var disposable in new IAsyncDisposable?[] { Traces, Mail, Webhooks, _events, _client, _redis })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        _publishSpans?.Dispose();
        DeleteDirectory(StorageRoot);
        if (!_keepLogs)
        {
            DeleteDirectory(LogDirectory);
        }
    }

    private static void DeleteDirectory(string? path)
    {
        try
        {
            if (path is not null && Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaner.
        }
    }

    private static InvalidOperationException NotStarted() => new("FleetFixture is not initialized: xUnit calls InitializeAsync before the first test.");
}
