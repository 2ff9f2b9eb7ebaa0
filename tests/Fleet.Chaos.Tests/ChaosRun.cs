using System.Globalization;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Chaos.Tests;

/// <summary>
/// Issue 7's run, bounded: a redis-server with an AOF (appendfsync always), three consumer processes in one group
/// (idempotency guard on), one publisher process (outbox on); a consumer SIGKILLed and replaced under the same name
/// every <see cref="ChaosSettings.KillInterval"/>, redis-server SIGKILLed and restarted from its AOF while publishing,
/// then hostile raw XADDs interleaved with valid ones; then the group drains and the consumers get SIGTERM.
/// Dispose kills every process it started, so a failing run leaves nothing running.
/// </summary>
internal sealed partial class ChaosRun : IAsyncDisposable
{
    public const string Stream = "chaos.events";
    public const string Group = "chaos";
    public const string PublisherName = "p1";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long the publisher must have been back at full rate after a restart before Redis is killed again.</summary>
    private static readonly TimeSpan RecoveredFor = TimeSpan.FromSeconds(1);

    private readonly ChaosSettings _settings;
    private readonly Action<string> _log;
    private readonly RedisServer _server;
    private readonly RedisClient _redis;
    private readonly DirectoryInfo _work;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly long _start;

    private readonly List<ConsumerRun> _runs = [];
    private readonly List<RedisRestart> _restarts = [];
    private readonly List<HostileWrite> _hostile = [];
    private readonly List<OrphanedEntries> _orphans = [];
    private readonly ConsumerRun[] _slots;
    private ChaosProcess? _publisher;
    private int _generation;

    private ChaosRun(ChaosSettings settings, Action<string> log, RedisServer server, RedisClient redis, DirectoryInfo work)
    {
        _settings = settings;
        _log = log;
        _server = server;
        _redis = redis;
        _work = work;
        _slots = new ConsumerRun[settings.Consumers];
        _start = _time.GetTimestamp();
    }

    public StreamKeys Keys { get; } = new();

    public RedisClient Redis => _redis;

    public ChaosSettings Settings => _settings;

    public PublisherProgress Progress { get; } = new();

    public IReadOnlyList<ConsumerRun> Runs => _runs;

    public IReadOnlyList<RedisRestart> Restarts => _restarts;

    public IReadOnlyList<HostileWrite> Hostile => _hostile;

    /// <summary>Per consumer SIGKILL, the entries the killed process left pending (read when Redis answered).</summary>
    public IReadOnlyList<OrphanedEntries> Orphans => _orphans;

    public int Kills => _runs.Count(r => r.Killed);

    public int? PublisherExitCode { get; private set; }

    public string AcksPath => Path.Combine(_work.FullName, "acks.txt");

    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    public static async Task<ChaosRun> StartAsync(ChaosSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        var server = await RedisServer.StartAsync(new RedisServerOptions { AppendOnly = true }, cancellationToken);
        try
        {
            var redis = await RedisClient.ConnectAsync(server.Url, cancellationToken);
            return new ChaosRun(settings, log, server, redis, Directory.CreateTempSubdirectory("fleet-chaos-"));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the scenario to the end: everything written, the group drained, the consumers stopped with SIGTERM.</summary>
    public async Task RunAsync()
    {
        // Every process starts at once: a .NET host takes seconds to start on a busy machine.
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            _slots[slot] = StartConsumer(slot);
        }

        _publisher = ChaosProcess.Start("publisher", "publish", new Dictionary<string, string>
        {
            ["redis"] = _server.Url,
            ["stream"] = Stream,
            ["count"] = _settings.Events.ToString(CultureInfo.InvariantCulture),
            ["rate"] = _settings.Rate.ToString(CultureInfo.InvariantCulture),
            ["instance"] = PublisherName,
            ["outbox"] = Path.Combine(_work.FullName, "outbox"),
            ["acks"] = AcksPath,
        }, Progress.OnLine);
        await Task.WhenAll(_slots.Select(r => r.Process.WaitReadyAsync(ReadyTimeout)).Append(_publisher.WaitReadyAsync(ReadyTimeout)));
        Log($"publishing {_settings.Events} events ({(_settings.Rate == 0 ? "full speed" : $"{_settings.Rate}/s")}) to {_settings.Consumers} consumers");

        using var stopKills = new CancellationTokenSource();
        var killing = KillConsumersAsync(stopKills.Token);
        try
        {
            await RestartRedisWhilePublishingAsync();
            PublisherExitCode = await _publisher.Exit.WaitAsync(PublishGuard);
            Log($"publisher exited with {PublisherExitCode}; writing {_settings.ValidRaw} valid and {_settings.Hostile} hostile raw entries");
            await WriteRawEntriesAsync();
        }
        finally
        {
            await stopKills.CancelAsync();
            await killing;
        }

        Log($"{Kills} consumers killed; waiting for the group to drain");
        await WaitForDrainAsync();
        foreach (var run in _slots)
        {
            run.TerminatedWith = await run.Process.TerminateAsync(StopTimeout);
        }

        Log("consumers stopped with SIGTERM");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs)
        {
            await run.Process.DisposeAsync();
        }

        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        await _redis.DisposeAsync();
        await _server.DisposeAsync();
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS temp cleaner.
        }
    }

    private TimeSpan PublishGuard => TimeSpan.FromSeconds(120 + (_settings.Events / 200.0));

    /// <summary>
    /// What the killed process left pending under its name; read once Redis answers (it may be down now). Nothing can
    /// take these entries in the meantime: the replacement waits for the lease, other consumers claim only entries idle
    /// longer than the processing timeout.
    /// </summary>
    private async Task RecordOrphansAsync(ConsumerRun victim)
    {
        try
        {
            var pending = await _redis.XPendingAsync(Keys.Stream(Stream), Group, "-", "+", 10_000, victim.Instance);
            _orphans.Add(new OrphanedEntries(victim, [.. pending.Select(p => p.Id)]));
        }
        catch (RedisConnectionException)
        {
            // Redis was killed in the meantime: this kill's pending entries stay uncounted (nothing else depends on them).
        }
    }

    private ConsumerRun StartConsumer(int slot)
    {
        var instance = $"c{slot + 1}";
        var run = new ConsumerRun(instance, $"{instance}.{++_generation}");
        run.Process = ChaosProcess.Start(run.ToString(), "consume", new Dictionary<string, string>
        {
            ["redis"] = _server.Url,
            ["stream"] = Stream,
            ["group"] = Group,
            ["instance"] = instance,
            ["run"] = run.Run,
            ["heartbeat-seconds"] = "1",
            ["lease-seconds"] = "3",
        }, run.OnLine);
        _runs.Add(run);
        return run;
    }

    private async Task KillConsumersAsync(CancellationToken stop)
    {
        for (var slot = 0; ; slot = (slot + 1) % _slots.Length)
        {
            try
            {
                await Task.Delay(_settings.KillInterval, _time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Same consumer name: once the killed process's instance lease (3 s here) expires, the replacement takes the
            // name and first finishes the entries it left pending. It may start while Redis is down (its client connects
            // in the background).
            var victim = _slots[slot];
            victim.Killed = true;
            await victim.Process.KillAsync();
            var replacement = StartConsumer(slot);
            await RecordOrphansAsync(victim);
            await replacement.Process.WaitReadyAsync(ReadyTimeout);
            _slots[slot] = replacement;
        }
    }

    /// <summary>
    /// Kills redis-server when publishing has reached each of <see cref="ChaosSettings.RedisKillsAt"/>, and never before the
    /// publisher has been back at 90 % of its pre-outage direct rate for <see cref="RecoveredFor"/> after the previous
    /// restart (or until publishing reached <see cref="ChaosSettings.RecoveryWaitUntil"/>): each restart's way back to
    /// direct publishing is observed, not cut short by the next kill.
    /// </summary>
    private async Task RestartRedisWhilePublishingAsync()
    {
        foreach (var fraction in _settings.RedisKillsAt)
        {
            var at = (long)(fraction * _settings.Events);
            await Task.WhenAny(Progress.WaitForAsync(at), _publisher!.Exit).WaitAsync(PublishGuard);
            var giveUpAt = (long)(_settings.RecoveryWaitUntil * _settings.Events);
            if (_restarts.Count > 0)
            {
                // Still kill while publishing if the rate does not come back (the figures then say so).
                await Eventually.TrueAsync(
                    () => _publisher.Exit.IsCompleted || RecoveredSince(_restarts[^1]) || Progress.Ticks[^1].Total >= giveUpAt,
                    $"the publisher is back at 90 % of its direct rate for {RecoveredFor.TotalSeconds:0} s after restart {_restarts.Count}, or has published {giveUpAt}",
                    PublishGuard);
            }

            var whilePublishing = Progress.PublishedAt is null;
            var killedAt = Now;
            await _server.KillAsync();
            await Task.Delay(_settings.Outage, _time);
            await _server.RestartAsync();
            _restarts.Add(new RedisRestart(killedAt, Now, whilePublishing));
            Log($"redis-server SIGKILLed at {Progress.Ticks[^1].Total} published, restarted from its AOF after {Now - killedAt} ms");
        }
    }

    private bool RecoveredSince(RedisRestart restart)
    {
        var ticks = Progress.Ticks;
        var preRate = PublishRecovery.RateBefore(ticks, _restarts[0].KilledAt);
        return PublishRecovery.TimeBack(ticks, restart, preRate, long.MaxValue) is { } back
            && ticks[^1].UnixMs - (restart.RestartedAt + (long)back.TotalMilliseconds) >= RecoveredFor.TotalMilliseconds;
    }

    private async Task WriteRawEntriesAsync()
    {
        var key = Keys.Stream(Stream);
        for (var i = 0; i < Math.Max(_settings.ValidRaw, _settings.Hostile); i++)
        {
            if (i < _settings.ValidRaw)
            {
                await _redis.XAddAsync(key, [.. HostileEntries.Valid(i + 1).Select(f => new StreamField(f.Name, f.Value))]);
            }

            if (i < _settings.Hostile)
            {
                var entry = HostileEntries.Create(i);
                List<RedisValue> arguments = [key, "*"];
                foreach (var (name, value) in entry.Fields)
                {
                    arguments.Add(name);
                    arguments.Add(value);
                }

                var id = await _redis.ExecuteAsync("XADD", arguments);
                _hostile.Add(new HostileWrite(RedisStreamId.Parse(id.Value.ToString()), entry));
            }
        }
    }

    private async Task WaitForDrainAsync()
    {
        var key = Keys.Stream(Stream);
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    var stream = await _redis.XInfoStreamAsync(key);
                    var group = (await _redis.XInfoGroupsAsync(key)).Single(g => g.Name == Group);
                    var pending = await _redis.XPendingAsync(key, Group);
                    return group.LastDeliveredId >= stream.LastGeneratedId && pending.Count == 0;
                },
                "the group has read the whole stream and nothing is pending",
                _settings.DrainTimeout);
        }
        catch (TimeoutException e)
        {
            var tails = string.Join("\n", _slots.Select(r => $"--- {r} stderr ---\n{r.Process.ErrorTail}"));
            throw new TimeoutException($"{e.Message}\n{tails}", e);
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Log(string line) => _log($"[{Elapsed.TotalSeconds,6:0.0} s] {line}");
}
