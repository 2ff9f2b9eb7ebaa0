using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.EndToEnd.Tests.Processes;
using Fleet.Testing.Postgres;
using Fleet.Testing.Processes;

namespace Fleet.EndToEnd.Tests.Gateway;

/// <summary>
/// event-gateway as <c>make run</c> starts it: a real PostgreSQL (its own server and database) for the archive and the
/// built gateway as a child process (<c>event-gateway-1</c>) on a given Redis, with an admin and a read-only API key made
/// for the run. The HTTP helpers call whatever port the running process has (a restart picks a new one).
/// </summary>
internal sealed class GatewayNode : IAsyncDisposable
{
    internal const string Instance = "event-gateway-1";

    /// <summary><c>Gateway__MaxRequestBytes</c>: small, so an oversize body is cheap to send.</summary>
    internal const int MaxRequestBytes = 64 * 1024;

    /// <summary>The live-instance lease: a gateway restarted under a SIGKILLed one's name waits this long at most.</summary>
    private static readonly TimeSpan InstanceLeaseTime = TimeSpan.FromSeconds(3);

    /// <summary>Time to /health/ready on a loaded machine (migrations included).</summary>
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(240);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private static readonly Replica Replica = new(Instance, ServiceBinaries.EventGateway);

    private readonly PostgresServer _postgres;
    private readonly ReplicaProcesses _processes;
    private readonly Dictionary<string, string?> _settings;

    private GatewayNode(PostgresServer postgres, string archive, ReplicaProcesses processes)
    {
        _postgres = postgres;
        _processes = processes;
        ArchiveConnectionString = archive;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__Archive"] = archive,
            ["Gateway__ApiKeys__Admin__0"] = AdminKey,
            ["Gateway__ApiKeys__ReadOnly__0"] = ReadOnlyKey,
            ["Gateway__MaxRequestBytes"] = MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // A killed archiver's entries are claimed seconds after, not a minute.
            ["Archive__ClaimIdleTime"] = "00:00:02",
            ["Archive__ClaimInterval"] = "00:00:00.500",
            ["Fleet__Events__InstanceLeaseTime"] = InstanceLeaseTime.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Fleet__Events__InstanceHeartbeat"] = (InstanceLeaseTime / 3).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public string AdminKey { get; } = NewKey();

    public string ReadOnlyKey { get; } = NewKey();

    /// <summary>The archive's database, for the tests that look at (or lock) its tables.</summary>
    public string ArchiveConnectionString { get; }

    public ServiceProcess Process => _processes[Instance];

    /// <summary>Starts PostgreSQL, creates the archive's database and starts the gateway on <paramref name="redisUrl"/> (event-gateway's ACL user); returns once it is ready.</summary>
    public static async Task<GatewayNode> StartAsync(string redisUrl, string logDirectory, CancellationToken cancellationToken)
    {
        var postgres = await PostgresServer.StartAsync(cancellationToken);
        GatewayNode? node = null;
        try
        {
            var archive = await postgres.CreateDatabaseAsync("archive", cancellationToken);
            node = new GatewayNode(postgres, archive, new ReplicaProcesses(_ => redisUrl, otlpEndpoint: null, logDirectory));
            await node.StartAsync();
            return node;
        }
        catch
        {
            // A gateway that never became ready is killed with its PostgreSQL: nothing outlives a failed start.
            await (node?.DisposeAsync() ?? postgres.DisposeAsync());
            throw;
        }
    }

    /// <summary>Starts the gateway (again, under the same instance name, as an orchestrator restarts a container) and waits until it is ready.</summary>
    public Task<ServiceProcess> StartAsync() => _processes.StartAsync(Replica, _settings, ReadyLimit);

    /// <summary>A request to the running gateway with <paramref name="key"/> in <c>X-Api-Key</c> (none when null).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri($"http://127.0.0.1:{Process.HttpPort}/{path.TrimStart('/')}")) { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>POST with a JSON body given as text (so a test can send what no serializer would write).</summary>
    public Task<HttpResponseMessage> PostTextAsync(string path, string json, string? key) =>
        SendAsync(HttpMethod.Post, path, key, new StringContent(json, new MediaTypeHeaderValue("application/json")));

    /// <summary>POST <paramref name="body"/> as JSON with the admin key, expecting success; the answer's JSON.</summary>
    public async Task<JsonNode> PostAsync(string path, object body, string? idempotencyKey = null)
    {
        using var response = await SendAsync(HttpMethod.Post, path, AdminKey, JsonContent.Create(body), idempotencyKey);
        return await ReadAsync(response);
    }

    /// <summary>GET with the read-only key, expecting success; the answer's JSON.</summary>
    public async Task<JsonNode> GetAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, ReadOnlyKey);
        return await ReadAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        await _processes.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("An empty JSON answer.");
    }

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
