using Fleet.Events.RequestReply;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Tests.RequestReply;

/// <summary>The shared response reader against a Redis that goes away and comes back (its own redis-server).</summary>
public sealed class ResponseReaderRecoveryIntegrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WaitForEventAsync_RedisRestartsDuringTheWait_CompletesWithTheResponseAppendedAfterwards()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        // Commands issued while Redis is down fail after 200 ms instead of the default 5 s, so the outage is quick to see.
        var options = RedisClientOptions.Parse(server.Url) with
        {
            ReconnectWaitTimeout = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddFleetEvents(o => o.InstanceName = "requester").AddTestEvents().UseRedis(client);
        using var host = builder.Build();
        await host.StartAsync(Cancel);
        var requester = (EventRequester)host.Services.GetRequiredService<IEventRequester>();
        var stream = TestStreams.Unique();
        var correlationId = Ulid.NewUlid();

        var waiting = requester.WaitForEventAsync(stream, TestEvents.QuoteGivenType, correlationId, TimeSpan.FromSeconds(30), Cancel);
        var reader = requester.ReaderFor(stream);
        await Eventually.TrueAsync(() => reader.Reads >= 1, "the reader is blocked in XREAD");
        await server.StopAsync();
        var readsWhileDown = reader.Reads;
        await Eventually.TrueAsync(() => reader.Reads >= readsWhileDown + 2, "the reader retried while Redis was down");
        await server.RestartAsync(Cancel);

        var response = new EventEnvelope
        {
            Id = Ulid.NewUlid(),
            Type = TestEvents.QuoteGivenType,
            Version = 1,
            Timestamp = DateTimeOffset.UtcNow,
            CorrelationId = correlationId,
            Data = "{\"symbol\":\"ACME\",\"price\":2.5}"u8.ToArray(),
        };
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await client.XAddAsync(new StreamKeys().Stream(stream), EnvelopeCodec.Encode(response), cancellationToken: Cancel);
                return true;
            }
            catch (RedisException)
            {
                return false;
            }
        }, "Redis accepts the response again");

        Assert.Equal(response.Id, (await waiting).Id);
        await host.StopAsync(Cancel);
    }
}
