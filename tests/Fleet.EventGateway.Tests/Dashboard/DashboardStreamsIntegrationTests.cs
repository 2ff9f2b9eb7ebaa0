using System.Text;
using Fleet.EventGateway.Api.Security;
using Fleet.EventGateway.Dashboard;
using Fleet.EventGateway.Tests.Api.Support;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using NUlid;

namespace Fleet.EventGateway.Tests.Dashboard;

/// <summary>
/// The dashboard's server-sent-event streams on the in-process gateway (TestServer) and a real redis-server of their own
/// (one test restarts it): a tail ends when the host stops, and goes on through a Redis restart.
/// </summary>
public sealed class DashboardStreamsIntegrationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Tail_HostStops_ResponseEnds()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var host = await StartAsync(redis);
        using var tail = await OpenTailAsync(host, "user.events");
        await tail.ReadUntilAsync(line => line == "event: ready");

        var stopped = host.StopAsync();

        // The tail's XREAD blocks for its 15 s heartbeat; without ApplicationStopping the response would stay open and
        // the host would wait for it.
        await tail.ReadToEndAsync();
        await stopped.WaitAsync(Eventually.Scaled(Limit), Cancel);
    }

    [Fact]
    public async Task Tail_RedisRestarts_FollowsOnWithTheNextEntry()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var host = await StartAsync(redis);
        using var tail = await OpenTailAsync(host, "user.events");
        await tail.ReadUntilAsync(line => line == "event: ready");

        await redis.RestartAsync(Cancel);
        var id = Ulid.NewUlid();
        var envelope = new EventEnvelope { Id = id, Type = "user.registered", Version = 1, Timestamp = TimeProvider.System.GetUtcNow(), Data = Encoding.UTF8.GetBytes("{}") };
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await host.Redis.XAddAsync(host.Keys.Stream("user.events"), EnvelopeCodec.Encode(envelope), cancellationToken: Cancel);
                    return true;
                }
                catch (RedisConnectionException)
                {
                    return false;
                }
            },
            "the restarted Redis takes an XADD",
            Limit);

        await tail.ReadUntilAsync(line => line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(id.ToString(), StringComparison.Ordinal));
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<GatewayApiHost> StartAsync(RedisServer redis) =>
        GatewayApiHost.StartAsync(redis, map: app => app.MapDashboard(), register: (services, configuration) => services.AddDashboard(configuration));

    private static async Task<SseReader> OpenTailAsync(GatewayApiHost host, string stream)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/dashboard/sse/tail?stream={stream}", UriKind.Relative));
        request.Headers.Add(ApiKeyDefaults.Header, GatewayApiHost.ReadKey);
        var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        response.EnsureSuccessStatusCode();
        return new SseReader(response, new StreamReader(await response.Content.ReadAsStreamAsync(Cancel)));
    }

    /// <summary>Reads an event stream line by line; every wait has the failure guard <see cref="Limit"/>.</summary>
    private sealed class SseReader(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public async Task ReadUntilAsync(Func<string, bool> match)
        {
            while (await reader.ReadLineAsync(Cancel).AsTask().WaitAsync(Eventually.Scaled(Limit), Cancel) is { } line)
            {
                if (match(line))
                {
                    return;
                }
            }

            throw new InvalidOperationException("The event stream ended before the awaited line.");
        }

        public Task<string> ReadToEndAsync() => reader.ReadToEndAsync(Cancel).WaitAsync(Eventually.Scaled(Limit), Cancel);

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}
