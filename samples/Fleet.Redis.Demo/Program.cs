using System.Diagnostics;
using Fleet.Redis;

// A short tour of Fleet.Redis on its own against the Redis in REDIS_URL (`make run` shows Fleet.Events instead).
var url = Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379";
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
await using var redis = await RedisClient.ConnectAsync(RedisClientOptions.Parse(url) with { ClientName = "fleet-demo" }, stop.Token);
Console.WriteLine($"Connected to {redis.Options} over {redis.Protocol}; PING -> {await redis.PingAsync(stop.Token)}");

// 1. A consumer group on the contextual stream, the way file-processor will read it.
const string Stream = "fleet:{contextual.events}";
const string Group = "file-processor";
await redis.XGroupCreateIfMissingAsync(Stream, Group, StreamPosition.Latest, makeStream: true, cancellationToken: stop.Token);
for (var i = 1; i <= 3; i++)
{
    var id = await redis.XAddAsync(
        Stream,
        [new StreamField("type", "file.uploaded"), new StreamField("data", $$"""{"file_id":"demo-{{i}}"}""")],
        StreamTrim.MaxLength(10_000, approximate: true),
        cancellationToken: stop.Token);
    Console.WriteLine($"XADD {Stream} -> {id}");
}

var entries = await redis.XReadGroupAsync(Group, "demo-1", Stream, count: 10, block: TimeSpan.FromSeconds(2), cancellationToken: stop.Token);
foreach (var entry in entries)
{
    Console.WriteLine($"XREADGROUP {Group} got {entry.Id}: {entry["type"]} {entry["data"]}");
    await redis.XAckAsync(Stream, Group, entry.Id, stop.Token);
}

var pending = await redis.XPendingAsync(Stream, Group, stop.Token);
Console.WriteLine($"Acknowledged {entries.Count}; pending now {pending.Count}");

// 2. Pub/Sub with a pattern: best-effort price ticks.
await using var subscriber = await redis.CreateSubscriberAsync(stop.Token);
await using var prices = await subscriber.PatternSubscribeAsync("price.updated.*", stop.Token);
await redis.PublishAsync("price.updated.ACME", "101.25", stop.Token);
var tick = await prices.Reader.ReadAsync(stop.Token);
Console.WriteLine($"PSUBSCRIBE price.updated.* got {tick.Channel} = {tick.Message}");

// 3. Many callers, one connection.
const int Callers = 64;
const int Calls = 200_000;
var remaining = Calls;
var timer = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
{
    while (Interlocked.Decrement(ref remaining) >= 0)
    {
        await redis.PingAsync(stop.Token);
    }
})));
Console.WriteLine($"{Calls} PINGs from {Callers} concurrent callers on one connection: {Calls / timer.Elapsed.TotalSeconds:N0} per second");
