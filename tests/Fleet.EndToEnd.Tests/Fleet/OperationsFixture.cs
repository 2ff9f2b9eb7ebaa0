using System.Globalization;
using System.Security.Cryptography;
using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Processes;
using Fleet.EndToEnd.Tests.Receivers;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>
/// The operations side of the fleet (issue 9) on this machine: a redis-server, the users' webhook endpoint, notifier and
/// dead-letter-reaper as child processes, with short settings so the tests see in seconds what takes minutes in production
/// (re-drive cool-down, dead consumer threshold, alert interval and lag threshold, lease and instance-lease times). The
/// market tests start their market-monitor replicas on it. Tests share it; each uses its own users, groups and entries.
/// Set <c>FLEET_E2E_LOGS</c> to a directory to keep every process's output there.
/// </summary>
public sealed class OperationsFixture : IAsyncLifetime
{
    internal const string Notifier1 = "notifier-1";
    internal const string Reaper1 = "dead-letter-reaper-1";

    /// <summary>Every leader lease of this fleet (market-collector, alert-evaluator): a dead leader is replaced within it.</summary>
    internal static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(3);

    /// <summary>The live-instance lease: a replica restarted under a SIGKILLed one's name waits this long at most.</summary>
    internal static readonly TimeSpan InstanceLeaseTime = TimeSpan.FromSeconds(3);

    /// <summary><c>Reaper__Redrive__Cooldown</c>.</summary>
    internal static readonly TimeSpan RedriveCooldown = TimeSpan.FromSeconds(2);

    /// <summary><c>Reaper__Redrive__MaxRedrives</c>.</summary>
    internal const int MaxRedrives = 2;

    /// <summary><c>Reaper__Consumers__IdleThreshold</c>.</summary>
    internal static readonly TimeSpan IdleThreshold = TimeSpan.FromSeconds(5);

    /// <summary><c>Reaper__Consumers__Interval</c> and <c>Alerts__Interval</c>.</summary>
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary><c>Alerts__ConsumerLag</c>.</summary>
    internal const int ConsumerLag = 100;

    /// <summary>How long a piece of work may take on a busy 2-core machine before a test gives up (a failure guard).</summary>
    internal static readonly TimeSpan WorkLimit = TimeSpan.FromSeconds(180);

    /// <summary>Time to /health/ready on a loaded machine.</summary>
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(240);

    private static readonly IReadOnlyList<Replica> Replicas =
    [
        new(Notifier1, ServiceBinaries.Notifier),
        new(Reaper1, ServiceBinaries.DeadLetterReaper),
    ];

    private readonly string _signingSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private FleetBus? _bus;
    private ProcessLogs? _logs;
    private ReplicaProcesses? _replicas;

    internal FleetBus Bus => _bus ?? throw NotStarted();

    internal FleetState State => Bus.State;

    internal WebhookReceiver Webhooks { get; private set; } = null!;

    internal ServiceProcess this[string replica] => Processes[replica];

    private ReplicaProcesses Processes => _replicas ?? throw NotStarted();

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _logs = ProcessLogs.Create();
        _bus = await FleetBus.StartAsync(cancellationToken);
        Webhooks = await WebhookReceiver.StartAsync(_signingSecret, cancellationToken);
        _replicas = new ReplicaProcesses(_bus.UrlFor, otlpEndpoint: null, _logs.Path);
        await Task.WhenAll(Replicas.Select(r => StartAsync(r)));
    }

    /// <summary>
    /// Starts <paramref name="replica"/> (again, under the same instance name) with this fleet's settings for its service and
    /// <paramref name="settings"/> on top, and waits until it is ready.
    /// </summary>
    internal Task<ServiceProcess> StartAsync(Replica replica, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = SettingsOf(replica);
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        return Processes.StartAsync(replica, all, ReadyLimit);
    }

    /// <summary>Sets <paramref name="userId"/>'s preferences to the webhook channel (the receiver) and waits until notifier keeps them.</summary>
    internal Task SetWebhookAsync(string userId) =>
        Users.SetPreferencesAsync(Bus, new UserPreferencesUpdated(userId, [NotificationChannel.Webhook], Webhooks.UrlFor(userId)));

    /// <summary>Waits until no group on any fleet stream or its <c>:dlq</c> has entries pending (XINFO GROUPS), and returns the counts.</summary>
    internal Task<IReadOnlyDictionary<string, long>> QuietAsync() =>
        Eventually.UntilAsync(State.PendingAsync, pending => pending.Values.All(count => count == 0), "no group has entries pending", WorkLimit);

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _replicas, Webhooks, _bus })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        _logs?.Dispose();
    }

    private static string Setting(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static InvalidOperationException NotStarted() => new("OperationsFixture is not initialized: xUnit calls InitializeAsync before the first test.");

    /// <summary>The settings of this fleet: the process contract's short leases for everybody, and each service's own.</summary>
    private Dictionary<string, string?> SettingsOf(Replica replica)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Fleet__Leadership__LeaseTime"] = Setting(LeaseTime),
            ["Fleet__Events__InstanceLeaseTime"] = Setting(InstanceLeaseTime),
            ["Fleet__Events__InstanceHeartbeat"] = Setting(InstanceLeaseTime / 3),
        };
        switch (replica.Service)
        {
            case ServiceBinaries.Notifier:
                settings["Notifier__Webhook__SigningSecret"] = _signingSecret;
                settings["Notifier__RateLimit__PerMinute"] = "1000";
                break;
            case ServiceBinaries.DeadLetterReaper:
                settings["Reaper__Redrive__Cooldown"] = Setting(RedriveCooldown);
                settings["Reaper__Redrive__MaxRedrives"] = MaxRedrives.ToString(CultureInfo.InvariantCulture);
                settings["Reaper__Consumers__IdleThreshold"] = Setting(IdleThreshold);
                settings["Reaper__Consumers__Interval"] = Setting(CheckInterval);
                settings["Alerts__Interval"] = Setting(CheckInterval);
                settings["Alerts__ConsumerLag"] = ConsumerLag.ToString(CultureInfo.InvariantCulture);
                break;
        }

        return settings;
    }
}
