using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using NUlid;

namespace Fleet.Ctl.Tests;

/// <summary>One test's view of the shared server: its own key prefix, so tests run in parallel, and a client.</summary>
internal sealed class CtlRedis : IAsyncDisposable
{
    private CtlRedis(RedisServer server, RedisClient client, string prefix)
    {
        Server = server;
        Client = client;
        Keys = new StreamKeys(prefix);
    }

    public RedisServer Server { get; }

    public RedisClient Client { get; }

    public StreamKeys Keys { get; }

    /// <summary>The global options that point fleetctl at this server and prefix.</summary>
    public IReadOnlyList<string> Options => ["--redis", Server.Url, "--prefix", Keys.Prefix];

    public static async Task<CtlRedis> OpenAsync(RedisServerFixture fixture) =>
        new(fixture.Server, await RedisClient.ConnectAsync(fixture.Server.Url, TestContext.Current.CancellationToken), $"ctl-{Guid.NewGuid():N}:");

    /// <summary>fleetctl <paramref name="arguments"/> against this server and prefix.</summary>
    public Task<FleetCtlResult> RunAsync(params string[] arguments) => FleetCtl.RunAsync([.. arguments, .. Options]);

    /// <summary>Appends a valid envelope of <paramref name="type"/> with <paramref name="data"/> to <paramref name="stream"/>.</summary>
    public async Task<RedisStreamId> AddEventAsync(string stream, string type, string data, Ulid? correlationId = null) =>
        (await TestEvents.AddAsync(Client, Keys.Stream(stream), type, data, correlationId)).EntryId;

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
