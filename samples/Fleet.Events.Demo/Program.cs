using Fleet.Events;
using Fleet.Events.Demo;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NUlid;

// `make run`: three "services" as three hosts in one process, talking only through Redis Streams.
var url = Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379";
await using var redis = await RedisClient.ConnectAsync(url);
var keys = new StreamKeys();
var flakyAttempts = 0;
var processed = new CountdownEvent(3);
var reminded = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
void Say(string line) => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff}  {line}");

// file-processor: two replicas of one group share file.uploaded; one file fails for good, one fails once.
string[] replicas = ["file-processor-1", "file-processor-2"];
var processors = replicas.Select(instance => Service(instance, events => events
    .AddConsumerGroup("contextual.events", "file-processor", group => group
        .Configure(o =>
        {
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
            o.BlockTimeout = TimeSpan.FromSeconds(1);
        })
        .Handle<FileUploaded>(async (context, cancellationToken) =>
        {
            if (context.Data.Name.EndsWith(".corrupt", StringComparison.Ordinal))
            {
                throw new PermanentEventException($"{context.Data.Name} cannot be read");
            }

            if (context.Data.Name == "flaky.pdf" && Interlocked.Increment(ref flakyAttempts) == 1)
            {
                throw new IOException("storage timed out (first attempt only)");
            }

            Say($"[{context.Consumer}] processed {context.Data.Name} (delivery {context.DeliveryCount})");
            var publisher = context.Services.GetRequiredService<IEventPublisher>();
            await publisher.PublishAsync("contextual.events", new FileProcessed(context.Data.FileId, context.Data.Name.Length * 100), context.FollowUp(), cancellationToken);
        }, partitionKey: file => file.FileId))))
    .ToList();

// notifier: its own group on the same stream sees every event; it handles file.processed and reminders,
// and acknowledges file.uploaded without work (no handler).
var notifier = Service("notifier-1", events => events
    .AddConsumerGroup("contextual.events", "notifier", group => group
        .Configure(o => o.BlockTimeout = TimeSpan.FromSeconds(1))
        .Handle<FileProcessed>((context, _) =>
        {
            Say($"[notifier] {context.Data.FileId}: {context.Data.Words} words (correlation {context.Envelope.CorrelationId})");
            processed.Signal();
            return ValueTask.CompletedTask;
        }))
    .AddConsumerGroup("notification.events", "notifier", group => group
        .Handle<ReminderDue>((context, _) =>
        {
            reminded.TrySetResult(DateTimeOffset.UtcNow);
            Say($"[notifier] reminder: {context.Data.Text}");
            return ValueTask.CompletedTask;
        })));

// market-monitor: answers quote requests.
var market = Service("market-monitor-1", events => events
    .AddConsumerGroup("market.events", "market-monitor", group => group
        .Handle<QuoteRequested>(async (context, cancellationToken) =>
        {
            var publisher = context.Services.GetRequiredService<IEventPublisher>();
            await publisher.PublishAsync("market.events", new QuoteGiven(context.Data.Symbol, 191.25m), context.FollowUp(), cancellationToken);
        })));

var gateway = Service("gateway-1", _ => { });
IHost[] all = [.. processors, notifier, market, gateway];
foreach (var host in all)
{
    await host.StartAsync();
}

var publisher = gateway.Services.GetRequiredService<IEventPublisher>();
var requester = gateway.Services.GetRequiredService<IEventRequester>();
var conversation = Ulid.NewUlid();
Say($"Publishing 4 uploads to {keys.Stream("contextual.events")} (conversation {conversation})");
string[] uploads = ["report.pdf", "flaky.pdf", "scan.corrupt", "notes.txt"];
foreach (var name in uploads)
{
    var result = await publisher.PublishAsync("contextual.events", new FileUploaded(Ulid.NewUlid().ToString(), name), new PublishOptions { CorrelationId = conversation });
    Say($"  {name}: event {result.EventId}, entry {result.EntryId}");
}

try
{
    await publisher.PublishAsync("contextual.events", new FileUploaded("", "no-id.pdf"));
}
catch (EventValidationException e)
{
    Say($"Refused at publish: {e.Message}");
}

// A producer in another language writes a bad entry straight with XADD: it is dead-lettered, the group carries on.
await redis.XAddAsync(keys.Stream("contextual.events"), [new StreamField("id", "not-a-ulid"), new StreamField("type", "file.uploaded")]);

var quote = await requester.RequestAsync<QuoteRequested, QuoteGiven>("market.events", new QuoteRequested("AAPL"), "market.events", TimeSpan.FromSeconds(5));
Say($"Request/response: AAPL = {quote.Price}");

var due = DateTimeOffset.UtcNow.AddSeconds(2);
await publisher.ScheduleAsync("notification.events", new ReminderDue("review the weekly report"), due);
Say($"Scheduled a reminder for {due:HH:mm:ss.fff}");

if (!processed.Wait(TimeSpan.FromSeconds(20)))
{
    throw new InvalidOperationException("The notifier did not see every processed file.");
}

var remindedAt = await reminded.Task.WaitAsync(TimeSpan.FromSeconds(20));
Say($"Reminder arrived {(remindedAt - due).TotalMilliseconds:0} ms after its due time");

await Task.Delay(500);
var deadLetters = await redis.XRangeAsync(keys.DeadLetters("contextual.events"));
Say($"Dead letters in {keys.DeadLetters("contextual.events")}: {deadLetters.Count}");
foreach (var entry in deadLetters)
{
    Say($"  {entry["dlq_entry_id"]}: {entry["dlq_error_type"]} — {entry["dlq_error_message"]}");
}

string[] groups = ["file-processor", "notifier"];
foreach (var group in groups)
{
    var pending = await redis.XPendingAsync(keys.Stream("contextual.events"), group);
    Say($"Group {group}: {pending.Count} pending");
}

foreach (var host in all)
{
    await host.StopAsync();
    host.Dispose();
}

Say("Done.");
return 0;

IHost Service(string instance, Action<FleetEventsBuilder> configure)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
    var events = builder.Services.AddFleetEvents(o => o.InstanceName = instance)
        .UseRedis(redis)
        .AddEventType("file.uploaded", 1, DemoJsonContext.Default.FileUploaded)
        .AddEventType("file.processed", 1, DemoJsonContext.Default.FileProcessed)
        .AddEventType("quote.requested", 1, DemoJsonContext.Default.QuoteRequested)
        .AddEventType("quote.given", 1, DemoJsonContext.Default.QuoteGiven)
        .AddEventType("reminder.due", 1, DemoJsonContext.Default.ReminderDue);
    configure(events);
    return builder.Build();
}
