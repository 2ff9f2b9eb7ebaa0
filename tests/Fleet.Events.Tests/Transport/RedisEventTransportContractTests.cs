using Fleet.Events.Transport;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Events.Tests.Transport;

/// <summary>The transport contract on <see cref="RedisEventTransport"/> against the assembly's redis-server.</summary>
public sealed class RedisEventTransportContractTests(RedisServerFixture redis) : EventTransportContract
{
    // The name of this fact's connections (CLIENT SETNAME), to find its blocked read on the shared server.
    private readonly string _clientName = $"contract-{Guid.NewGuid():N}";
    private RedisClient? _client;

    private protected override async Task<IEventTransport> CreateTransportAsync()
    {
        _client = await RedisClient.ConnectAsync(RedisClientOptions.Parse(redis.Server.Url) with { ClientName = _clientName }, Cancel);
        return new RedisEventTransport(_client);
    }

    private protected override Task WaitUntilReadBlockedAsync() => redis.Server.WaitUntilClientBlockedAsync(_clientName);

    protected override async Task DeleteKeyAsync(string key) => await _client!.DeleteAsync(key, Cancel);

    private protected override async Task<string?> StringAsync(string key)
    {
        // GET of a key holding another type fails with WRONGTYPE: for this contract, that is "no string".
        var type = await _client!.ExecuteAsync("TYPE", [key], Cancel);
        return type.Value.ToString() == "string" ? (await _client.GetAsync(key, Cancel)).ToString() : null;
    }

    /// <summary>The transport does not own its client, so the test disposes it after the transport.</summary>
    protected override async ValueTask CleanUpAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }
}
