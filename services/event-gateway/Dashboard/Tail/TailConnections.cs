using Fleet.Redis;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Dashboard.Tail;

/// <summary>
/// The live tails' own Redis client. A tail parks one XREAD BLOCK on the server for as long as the page is open; on the
/// process's shared client those reads would take the blocking connections the archiver's XREADGROUP needs
/// (<c>MaxBlockingConnections</c>, docs/redis-client.md), so tails get a client of their own with one blocking connection
/// per admitted tail. Created on the first tail, disposed with the host (which fails the reads still parked).
/// </summary>
internal sealed class TailConnections : IAsyncDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<RedisClient> _client;

    public TailConnections(RedisClient shared, IOptions<DashboardOptions> options)
    {
        var max = options.Value.MaxTailClients;
        Capacity = max;
        _slots = new SemaphoreSlim(max, max);
        _client = new Lazy<RedisClient>(() => RedisClient.Create(shared.Options with
        {
            MaxBlockingConnections = max,
            ClientName = "event-gateway-dashboard-tail",
        }));
    }

    /// <summary>How many tails may run at once (<see cref="DashboardOptions.MaxTailClients"/>).</summary>
    public int Capacity { get; }

    /// <summary>The tails' client.</summary>
    public RedisClient Client => _client.Value;

    /// <summary>Takes a slot for one tail, or returns false when <see cref="DashboardOptions.MaxTailClients"/> run already.</summary>
    public bool TryAdmit() => _slots.Wait(0);

    /// <summary>Gives back the slot of a tail that ended.</summary>
    public void Release() => _slots.Release();

    public async ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            await _client.Value.DisposeAsync().ConfigureAwait(false);
        }

        _slots.Dispose();
    }
}
