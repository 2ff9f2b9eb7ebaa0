using System.Globalization;
using Fleet.Events.Transport;
using Fleet.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Consumers;

/// <summary>
/// Makes a consumer name in a group this process's alone: the live-instance key
/// <c>{stream key}:instance:{group}:{consumer}</c> (<see cref="ConsumerIdentity.InstanceKey"/>) holds a random token of this
/// process and a renewal counter, is set with SET NX PX <see cref="FleetEventsOptions.InstanceLeaseTime"/>, renewed every
/// <see cref="FleetEventsOptions.InstanceHeartbeat"/> and deleted at a graceful stop. A group's loops read only once the key
/// is this process's (<see cref="WaitAsync"/>). One key per group, not per process: a consumer name is shared only within
/// a group, so two services of one host with the default name (the host name) do not refuse each other.
/// </summary>
/// <remarks>
/// A key already held may be a live process's (refuse: two processes would share one pending list) or the key of this
/// instance's own predecessor, killed before it could delete it (take it: the restarted instance must finish its own
/// pending entries). They differ in whether the value changes: the key is watched for up to one lease time; renewed means
/// live, so this process refuses to start (<see cref="InstanceNameInUseException"/>, or a Critical log and a stop of the
/// application when the check ran after start); expired or unchanged means dead, so it is taken. While Redis is unreachable
/// at start the check waits for it in the background, and the loops with it. Only with the Redis transport: the in-memory
/// one lives in one process.
/// </remarks>
internal sealed partial class InstanceLease : IDisposable
{
    private readonly ConsumerIdentity _identity;
    private readonly RedisClient? _client;
    private readonly IEventTransport _transport;
    private readonly FleetEventsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly string _token = Guid.NewGuid().ToString("N");
    private readonly TaskCompletionSource _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private long _renewals;
    private volatile bool _held;

    public InstanceLease(ConsumerIdentity identity, IEventTransport transport, FleetEventsOptions options, TimeProvider time, ILogger logger, IHostApplicationLifetime? lifetime)
    {
        _identity = identity;
        _transport = transport;
        _client = (transport as RedisEventTransport)?.Client;
        _options = options;
        _time = time;
        _logger = logger;
        _lifetime = lifetime;
        Key = identity.InstanceKey;
    }

    /// <summary>The live-instance key.</summary>
    public string Key { get; }

    /// <summary>Completes when the name is this process's; throws <see cref="InstanceNameInUseException"/> when it is not.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _acquired.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Takes the name now when Redis is <paramref name="reachable"/> (throwing <see cref="InstanceNameInUseException"/> when a
    /// live process holds it), else in the background once it is.
    /// </summary>
    public async Task StartAsync(bool reachable, CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            _acquired.TrySetResult();
            return;
        }

        if (reachable)
        {
            try
            {
                // Redis is there: settle it now, so a second process with the same name fails to start with the reason.
                if (!await TryAcquireAsync(cancellationToken))
                {
                    throw Refuse();
                }

                _loop = Task.Run(() => RunAsync(held: true), CancellationToken.None);
                return;
            }
            catch (Exception e) when (_transport.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
            {
                // Lost it meanwhile: settled in the background like an unreachable Redis.
            }
        }

        Log.InstanceCheckDeferred(_logger, _identity.Stream, _identity.Group, _identity.Consumer, _transport.Endpoint);
        _loop = Task.Run(() => RunAsync(held: false), CancellationToken.None);
    }

    /// <summary>Stops renewing and deletes the key while it is still this process's.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
        _acquired.TrySetCanceled(CancellationToken.None);
        if (_client is null || !_held || !_client.IsConnected)
        {
            // Not held, or Redis unreachable (waiting for it would only delay the stop): the key expires by itself.
            return;
        }

        try
        {
            // Deleted only while it is still this process's: a successor that took it over keeps it.
            await _client.EvaluateAsync(ReleaseScript, [Key], [_token + ":"], cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Redis unreachable at stop: the key expires by itself within the lease time.
            Log.InstanceReleaseFailed(_logger, e, _identity.Consumer, Key);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>
    /// SET NX; when the key is held, watches it: a changed value means a live holder (false); expired means its holder
    /// died (taken with SET NX); unchanged for a whole lease time means nobody renews it (taken if still unchanged).
    /// </summary>
    private async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var lease = _options.InstanceLeaseTime;
        var poll = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, _options.InstanceHeartbeat.Ticks / 2));
        string? seen = null;
        var seenAt = 0L;
        while (true)
        {
            if (await _client!.SetAsync(Key, NextValue(), lease, SetCondition.IfNotExists, cancellationToken))
            {
                return Take(seen is not null);
            }

            var current = await _client.GetAsync(Key, cancellationToken);
            if (current.IsNull)
            {
                continue; // expired between SET NX and GET
            }

            var value = current.ToString();
            if (seen is null)
            {
                seen = value;
                seenAt = _time.GetTimestamp();
                Log.InstanceNameHeld(_logger, _identity.Stream, _identity.Group, _identity.Consumer, Key, lease.TotalMilliseconds);
            }
            else if (!string.Equals(value, seen, StringComparison.Ordinal))
            {
                return false;
            }
            else if (_time.GetElapsedTime(seenAt) >= lease)
            {
                // Not renewed for a whole lease time yet still there (set by hand, or with a longer lease): nobody keeps
                // it alive. Replaced only if it is still the value watched, so a holder that renewed meanwhile wins.
                var replaced = await _client.EvaluateAsync(ReplaceScript, [Key], [seen, NextValue(), (long)lease.TotalMilliseconds], cancellationToken);
                if (replaced.ToInt64() == 1)
                {
                    return Take(stale: true);
                }

                return false;
            }

            await Task.Delay(poll, _time, cancellationToken);
        }
    }

    private bool Take(bool stale)
    {
        _held = true;
        _acquired.TrySetResult();
        if (stale)
        {
            Log.InstanceNameTakenOver(_logger, _identity.Stream, _identity.Group, _identity.Consumer, Key);
        }

        return true;
    }

    private InstanceNameInUseException Refuse()
    {
        var error = new InstanceNameInUseException(InUseMessage());
        _acquired.TrySetException(error);
        return error;
    }

    private string InUseMessage() =>
        $"Another live process consumes as instance '{_identity.Consumer}' in group {_identity.Group} on {_identity.Stream} (its key {Key} is being renewed), " +
        "so this one does not start: two processes with one consumer name would share one pending list. Set Fleet:Events:InstanceName " +
        "(environment variable Fleet__Events__InstanceName) to a name unique to each process.";

    /// <summary>Takes the name once Redis is reachable when start could not (unless <paramref name="held"/>), then renews it every heartbeat until stop.</summary>
    private async Task RunAsync(bool held)
    {
        var stopping = _stopping.Token;
        try
        {
            if (!held && !await AcquireInBackgroundAsync(stopping))
            {
                return;
            }

            do
            {
                await Task.Delay(_options.InstanceHeartbeat, _time, stopping);
            }
            while (await RenewAsync(stopping));
        }
        catch (Exception e) when (e is not OutOfMemoryException && stopping.IsCancellationRequested)
        {
            // Stop, also while a renewal or acquisition was failing against an unreachable Redis: the stop must not throw
            // for it (the key expires by itself, or StopAsync deletes it below when Redis answers).
        }
    }

    /// <summary>Tries with backoff until Redis answers; false when a live process holds the name (the application stops).</summary>
    private async Task<bool> AcquireInBackgroundAsync(CancellationToken stopping)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                if (await TryAcquireAsync(stopping))
                {
                    return true;
                }

                var error = Refuse();
                Log.InstanceNameInUse(_logger, error.Message);
                _lifetime?.StopApplication();
                return false;
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                // Unreachable still (or refused by an ACL: logged, and tried again, as a fixed ACL needs no restart).
                if (!_transport.IsUnavailable(e))
                {
                    Log.InstanceRenewFailed(_logger, e, _identity.Consumer, Key);
                }
            }

            await Task.Delay(RetryBackoff.Delay(failures), _time, stopping);
        }
    }

    /// <summary>Renews the key while it is still this process's (a missing one, lost by Redis, is set again); false when another process took it.</summary>
    private async Task<bool> RenewAsync(CancellationToken stopping)
    {
        try
        {
            var renewed = await _client!.EvaluateAsync(RenewScript, [Key], [_token + ":", NextValue(), (long)_options.InstanceLeaseTime.TotalMilliseconds], stopping);
            if (renewed.ToInt64() == 1)
            {
                return true;
            }

            _held = false;
            Log.InstanceNameLost(_logger, _identity.Stream, _identity.Group, _identity.Consumer, Key, _options.InstanceLeaseTime.TotalMilliseconds);
            _lifetime?.StopApplication();
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
        {
            // Redis unreachable: tried again at the next heartbeat; the key may expire meanwhile and is set again then.
            Log.InstanceRenewFailed(_logger, e, _identity.Consumer, Key);
            return true;
        }
    }

    /// <summary>The next value of the key: this process's token and a counter, so every renewal changes it.</summary>
    private string NextValue() =>
        string.Create(CultureInfo.InvariantCulture, $"{_token}:{Interlocked.Increment(ref _renewals)}");
}
