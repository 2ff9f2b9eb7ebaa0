using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Ctl.Tests.Reaper;

/// <summary>The real dead-letter-reaper process on a real redis-server, watching user.events only.</summary>
public sealed class ReaperFixture : IAsyncLifetime
{
    /// <summary>The one stream the reaper watches.</summary>
    public const string Watched = "user.events";

    private RedisServer? _redis;
    private ServiceUnderTest? _reaper;
    private RedisClient? _client;

    /// <summary>The keys under the reaper's prefix.</summary>
    public StreamKeys Keys { get; } = new($"ctlreaper-{Guid.NewGuid():N}:");

    /// <summary>A client of the reaper's Redis.</summary>
    public RedisClient Redis => _client ?? throw new InvalidOperationException("Not started.");

    /// <summary>fleetctl's options for this Redis and prefix.</summary>
    public IReadOnlyList<string> Options => ["--redis", _redis!.Url, "--prefix", Keys.Prefix];

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        _client = await RedisClient.ConnectAsync(_redis.Url, cancellationToken);
        _reaper = await ServiceUnderTest.StartAsync("dead-letter-reaper", new Dictionary<string, string?>
        {
            ["ConnectionStrings__Redis"] = _redis.Url,
            ["Fleet__Events__KeyPrefix"] = Keys.Prefix,
            ["Reaper__Streams__0"] = Watched,
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var resource in new IAsyncDisposable?[] { _reaper, _client, _redis })
        {
            if (resource is not null)
            {
                await resource.DisposeAsync();
            }
        }
    }
}
