using System.Text;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.EventGateway.Api;
using Fleet.EventGateway.Api.Security;
using Fleet.EventGateway.Archive;
using Fleet.Events;
using Fleet.Hosting;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.EventGateway.Tests.Api.Support;

/// <summary>
/// The gateway's API hosted in the test process on a TestServer, wired as Program.cs wires it (AddFleetService,
/// AddFleetContracts, AddGatewayApi, UseGatewayApi, MapFleetEndpoints, MapGatewayApi) on a real Redis, with a key prefix
/// of its own so tests share one server; the archive is the test's <see cref="IEventArchive"/> when it gives one, the real
/// one (AddEventArchive) when the settings name a PostgreSQL database, else none.
/// </summary>
internal sealed class GatewayApiHost : IAsyncDisposable
{
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string ReadKey = "read-key-0123456789abcdef";

    private readonly WebApplication _app;

    private GatewayApiHost(WebApplication app, string prefix)
    {
        _app = app;
        Prefix = prefix;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public string Prefix { get; }

    public IServiceProvider Services => _app.Services;

    public RedisClient Redis => _app.Services.GetRequiredService<RedisClient>();

    public StreamKeys Keys => _app.Services.GetRequiredService<StreamKeys>();

    public static async Task<GatewayApiHost> StartAsync(
        RedisServer server,
        Action<Dictionary<string, string?>>? configure = null,
        IEventArchive? archive = null,
        Action<WebApplication>? map = null,
        Action<IServiceCollection, IConfiguration>? register = null)
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12] + ":";
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = server.Url,
            ["Fleet:Events:KeyPrefix"] = prefix,
            ["Fleet:Logging:Format"] = "json",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Gateway:ApiKeys:Admin:0"] = AdminKey,
            ["Gateway:ApiKeys:ReadOnly:0"] = ReadKey,
        };
        configure?.Invoke(settings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseTestServer();
        builder.AddFleetService("event-gateway-tests").AddFleetContracts();
        builder.Services.AddGatewayApi(builder.Configuration);
        if (archive is not null)
        {
            builder.Services.AddSingleton(archive);
        }
        else if (settings.ContainsKey("ConnectionStrings:Archive"))
        {
            // The real archive, as Program.cs registers it: migrations, the archiver in this host, PostgresEventArchive.
            builder.Services.AddEventArchive(builder.Configuration);
        }

        register?.Invoke(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.UseGatewayApi();
        app.MapFleetEndpoints();
        app.MapGatewayApi();
        map?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        if (app.Services.GetService<ArchiveSchema>() is { } schema)
        {
            // The migrations run in the background at start; a query before them is refused (503) until they are in.
            await schema.WaitAsync(TestContext.Current.CancellationToken);
        }

        return new GatewayApiHost(app, prefix);
    }

    /// <summary>A request with <paramref name="key"/> in X-Api-Key (none when null) and a JSON body when given.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add(ApiKeyDefaults.Header, key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string json, string? key = AdminKey) => SendAsync(HttpMethod.Post, path, key, json);

    public Task<HttpResponseMessage> GetAsync(string path, string? key = ReadKey) => SendAsync(HttpMethod.Get, path, key);

    /// <summary>The body of <paramref name="response"/> as JSON, after checking its status.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The <c>errors</c> of a 400 validation problem: field → messages.</summary>
    public static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        var problem = await JsonAsync(response, 400);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    /// <summary>Every key under this host's prefix: empty as long as nothing reached Redis.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync()
    {
        var keys = await Redis.ExecuteAsync("KEYS", Prefix + "*");
        return [.. keys.Elements.Select(key => key.ToString()!)];
    }

    /// <summary>Stops the host as SIGTERM would (ApplicationStopping, then the hosted services).</summary>
    public Task StopAsync() => _app.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
    }
}
