using System.Globalization;
using System.Text.Json;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Hosting.Tests.LeaderLease;

/// <summary>
/// The test service in leader mode as a real process (<see cref="ServiceProcess"/>): it campaigns for lease <c>beat</c>
/// on <c>hosting.leader</c> and, while leader, publishes a fenced <c>test.leader.beat</c> every 50 ms. Its JSON log
/// lines say when it gained or lost the lease.
/// </summary>
internal sealed class LeaderProcess : IAsyncDisposable
{
    public const string Stream = "hosting.leader";

    private LeaderProcess(ServiceProcess process, string instance)
    {
        Process = process;
        Instance = instance;
    }

    public ServiceProcess Process { get; }

    public string Instance { get; }

    /// <summary>
    /// Starts one process on <paramref name="redisUrl"/> under key prefix <paramref name="prefix"/> with lease time
    /// <paramref name="leaseTime"/> and renew interval <paramref name="renewInterval"/> (default a third of the lease time).
    /// </summary>
    public static LeaderProcess Start(string redisUrl, string prefix, string instance, TimeSpan leaseTime, TimeSpan? renewInterval = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["REDIS_URL"] = redisUrl,
            ["Fleet__Events__KeyPrefix"] = prefix,
            ["Fleet__Events__InstanceName"] = instance,
            ["Fleet__Leadership__LeaseTime"] = leaseTime.ToString("c", CultureInfo.InvariantCulture),
            ["TestService__Leader__Enabled"] = "true",
        };
        if (renewInterval is { } interval)
        {
            environment["Fleet__Leadership__RenewInterval"] = interval.ToString("c", CultureInfo.InvariantCulture);
        }

        return new(ServiceProcess.Start(environment), instance);
    }

    /// <summary>Waits for the "gained" record and returns its fencing token.</summary>
    public async Task<long> GainedAsync() => (await RecordAsync("gained by instance", "leadership gained")).GetProperty("FencingToken").GetInt64();

    /// <summary>Waits for the "lost" record (work cancelled: refused renewal or deadline).</summary>
    public Task<JsonElement> LostAsync() => RecordAsync("lost by instance", "leadership lost");

    /// <summary>Waits for a record of this process whose message contains <paramref name="text"/>.</summary>
    public async Task<JsonElement> RecordAsync(string text, string what)
    {
        var line = await Process.LineAsync(l => l.Contains(text, StringComparison.Ordinal), $"{Instance} logs {what}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    /// <summary>The beats on the stream in stream order (XRANGE), from the envelope's data.</summary>
    public static async Task<IReadOnlyList<Beat>> BeatsAsync(RedisClient client, string prefix)
    {
        var entries = await client.XRangeAsync(prefix + "{" + Stream + "}", "-", "+", cancellationToken: TestContext.Current.CancellationToken);
        var beats = new List<Beat>(entries.Count);
        foreach (var entry in entries)
        {
            using var data = JsonDocument.Parse(entry["data"].ToString());
            using var metadata = JsonDocument.Parse(entry["metadata"].ToString());
            var token = data.RootElement.GetProperty(nameof(Beat.FencingToken)).GetInt64();
            // The envelope's fencing_token is the one the fence checked; the payload repeats it.
            Assert.Equal(token.ToString(CultureInfo.InvariantCulture), metadata.RootElement.GetProperty("fencing_token").GetString());
            beats.Add(new Beat(data.RootElement.GetProperty(nameof(Beat.Instance)).GetString()!, token));
        }

        return beats;
    }

    /// <summary>Waits until a beat satisfies <paramref name="match"/>; returns every beat read then.</summary>
    public static async Task<IReadOnlyList<Beat>> WaitForBeatAsync(RedisClient client, string prefix, Func<Beat, bool> match, string what, TimeSpan? limit = null)
    {
        IReadOnlyList<Beat> beats = [];
        await Eventually.TrueAsync(async () => (beats = await BeatsAsync(client, prefix)).Any(match), what, limit);
        return beats;
    }
}

/// <summary>One <c>test.leader.beat</c>: who published it, under which fencing token.</summary>
internal sealed record Beat(string Instance, long FencingToken);
