using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Fleet.EndToEnd.Tests.Processes;
using Fleet.EndToEnd.Tests.Receivers;
using Fleet.Events;
using Fleet.Testing.Processes;

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

    /// <summary>Time to /health/ready: the model loads in seconds, and a replica restarted under a SIGKILLed one's name waits out its 15 s lease.</summary>
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(240);

    private readonly string _signingSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private FleetBus? _bus;
    private ProcessLogs? _logs;
    private ReplicaProcesses? _replicas;
    private ActivityListener? _publishSpans;

    internal static IReadOnlyList<Replica> Replicas { get; } =
    [
        new(FileProcessor1, ServiceBinaries.FileProcessor),
        new(FileProcessor2, ServiceBinaries.FileProcessor),
        new(EmbeddingGenerator1, ServiceBinaries.EmbeddingGenerator),
        new(Notifier1, ServiceBinaries.Notifier),
    ];

    internal IEventPublisher Publisher => Bus.Publisher;

    internal FleetState State => Bus.State;

    internal WebhookReceiver Webhooks { get; private set; } = null!;

    internal SmtpSink Mail { get; private set; } = null!;

    internal OtlpReceiver Traces { get; private set; } = null!;

    /// <summary>The fleet's Redis as <paramref name="service"/>'s ACL user, for a process a test starts on it (event-gateway).</summary>
    internal string RedisUrlFor(string service) => Bus.UrlFor(service);

    /// <summary>Where the fleet's processes write their output.</summary>
    internal string LogDirectory => (_logs ?? throw NotStarted()).Path;

    /// <summary>file-processor's <c>FileProcessor__StorageRoot</c>: uploads are copied under it.</summary>
    internal string StorageRoot { get; private set; } = null!;

    internal ServiceProcess this[string replica] => Processes[replica];

    private FleetBus Bus => _bus ?? throw NotStarted();

    private ReplicaProcesses Processes => _replicas ?? throw NotStarted();

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        StorageRoot = Directory.CreateTempSubdirectory("fleet-e2e-storage-").FullName;
        _logs = ProcessLogs.Create();

        // The test's own publishes start spans (their traceparent is the root of each upload's trace) only when something listens.
        _publishSpans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Fleet.Events",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_publishSpans);

        _bus = await FleetBus.StartAsync(cancellationToken);

        Webhooks = await WebhookReceiver.StartAsync(_signingSecret, cancellationToken);
        Mail = await SmtpSink.StartAsync(cancellationToken);
        Traces = await OtlpReceiver.StartAsync(cancellationToken);
        _replicas = new ReplicaProcesses(_bus.UrlFor, Traces.Endpoint, _logs.Path);
        await StartAllAsync();
    }

    /// <summary>Starts every replica that is not running, in parallel, and waits until each is ready.</summary>
    internal Task StartAllAsync() =>
        Task.WhenAll(Replicas.Where(r => !Processes.IsRunning(r.Name)).Select(r => StartAsync(r.Name)));

    /// <summary>Starts <paramref name="replica"/> (again, under the same instance name, as an orchestrator would) and waits until it is ready.</summary>
    internal Task<ServiceProcess> StartAsync(string replica)
    {
        var spec = Replicas.Single(r => r.Name == replica);
        return Processes.StartAsync(spec, SettingsOf(spec), ReadyLimit);
    }

    /// <summary>Each service's own settings on top of the process contract, pointed at this fixture's storage and receivers.</summary>
    private Dictionary<string, string?> SettingsOf(Replica replica)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (replica.Service)
        {
            case ServiceBinaries.FileProcessor:
                settings["FileProcessor__StorageRoot"] = StorageRoot;
                break;
            case ServiceBinaries.Notifier:
                settings["Notifier__Webhook__SigningSecret"] = _signingSecret;
                settings["Notifier__Smtp__Host"] = "127.0.0.1";
                settings["Notifier__Smtp__Port"] = Mail.Port.ToString(CultureInfo.InvariantCulture);
                settings["Notifier__Smtp__Security"] = "None";
                settings["Notifier__Smtp__From"] = "fleet@example.com";
                // 50 uploads of one user in a few seconds are not a flood here.
                settings["Notifier__RateLimit__PerMinute"] = "1000";
                break;
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _replicas, Traces, Mail, Webhooks, _bus })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        _publishSpans?.Dispose();
        ProcessLogs.DeleteDirectory(StorageRoot);
        _logs?.Dispose();
    }

    private static InvalidOperationException NotStarted() => new("FleetFixture is not initialized: xUnit calls InitializeAsync before the first test.");
}
