using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.EventGateway.Api;
using Fleet.EventGateway.Archive;
using Fleet.EventGateway.Replay;
using Fleet.Events;
using Fleet.Hosting;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fleet.EventGateway.Tests.Replay;

/// <summary>
/// One event-gateway replica in the test process, registered as Program.cs does (AddFleetService, AddEventArchive,
/// AddGatewayApi, AddReplayJobs, UseGatewayApi, MapGatewayApi, MapReplayApi) with the API's ApiKey scheme
/// (<see cref="AdminKey"/> sent by <see cref="Http"/>), on a real Redis and PostgreSQL, served by TestServer. Several on one database and one
/// key prefix are replicas of one gateway.
/// </summary>
internal sealed class ReplayGateway : IAsyncDisposable
{
    public const string AdminKey = "replay-tests-admin-key";

    public const string ReadOnlyKey = "replay-tests-read-only-key";

    private readonly WebApplication _app;

    private ReplayGateway(WebApplication app)
    {
        _app = app;
        Http = app.GetTestClient();
        Http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public RedisClient Redis => Services.GetRequiredService<RedisClient>();

    public StreamKeys Keys => Services.GetRequiredService<StreamKeys>();

    public static async Task<ReplayGateway> StartAsync(string redisUrl, string archive, string keyPrefix, int maxRate = 100_000, string leaseTime = "00:00:05")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redisUrl,
            ["ConnectionStrings:Archive"] = archive,
            ["Fleet:Events:KeyPrefix"] = keyPrefix,
            ["Replay:MaxRatePerSecond"] = maxRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Replay:PollInterval"] = "00:00:00.100",
            ["Replay:LeaseTime"] = leaseTime,
            ["Replay:PageSize"] = "50",
            ["Gateway:ApiKeys:Admin:0"] = AdminKey,
            ["Gateway:ApiKeys:ReadOnly:0"] = ReadOnlyKey,
            ["Gateway:RateLimit:PermitsPerWindow"] = "100000",
        });
        builder.WebHost.UseTestServer();
        builder.AddFleetService("event-gateway-tests").AddFleetContracts();
        builder.Services.AddEventArchive(builder.Configuration);
        builder.Services.AddGatewayApi(builder.Configuration);
        builder.Services.AddReplayJobs(builder.Configuration);
        var app = builder.Build();
        app.UseGatewayApi();
        app.MapGatewayApi();
        app.MapReplayApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.Services.GetRequiredService<ArchiveSchema>().WaitAsync(TestContext.Current.CancellationToken);
        return new ReplayGateway(app);
    }

    /// <summary>Writes <paramref name="events"/> into the archive with the archive's bulk writer.</summary>
    public Task ArchiveAsync(IEnumerable<ArchivedEvent> events) =>
        Services.GetRequiredService<ArchiveBulkWriter>().WriteAsync(events, TestContext.Current.CancellationToken);

    /// <summary>POST /events/replay with <paramref name="body"/> (and an Idempotency-Key when given).</summary>
    public async Task<HttpResponseMessage> PostReplayAsync(object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/replay") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(ReplayEndpoints.IdempotencyKeyHeader, idempotencyKey);
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Creates a job and returns its id (asserting the 202).</summary>
    public async Task<string> StartReplayAsync(object body)
    {
        using var response = await PostReplayAsync(body);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await Json(response)).GetProperty("jobId").GetString()!;
    }

    /// <summary>GET /events/replay/{jobId}.</summary>
    public async Task<JsonElement> StatusAsync(string jobId)
    {
        using var response = await Http.GetAsync(new Uri($"/events/replay/{jobId}", UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await Json(response);
    }

    /// <summary>Waits until the job's state is <paramref name="state"/>; returns its status then.</summary>
    public Task<JsonElement> WaitForStateAsync(string jobId, string state) =>
        Eventually.UntilAsync(() => StatusAsync(jobId), s => s.GetProperty("state").GetString() == state, $"replay job {jobId} is {state}");

    /// <summary>Every entry of <paramref name="stream"/>, decoded, in stream order.</summary>
    public async Task<IReadOnlyList<EventEnvelope>> ReadStreamAsync(string stream)
    {
        var entries = await Redis.XRangeAsync(Keys.Stream(stream), cancellationToken: TestContext.Current.CancellationToken);
        return [.. entries.Select(e => EnvelopeCodec.Decode(e.Fields))];
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    /// <summary>Runs <paramref name="sql"/> on the gateway's database (a test changing what a crash would have left).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var command = Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Stops the replica as SIGTERM would (its worker gives its job up).</summary>
    public Task StopAsync() => _app.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
