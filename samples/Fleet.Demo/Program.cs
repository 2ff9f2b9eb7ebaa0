using System.Runtime.InteropServices;
using Fleet.Contracts;
using Fleet.Demo;
using Fleet.Demo.Following;
using Fleet.Demo.Gateway;
using Fleet.Demo.Market;
using Fleet.Demo.Operations;
using Fleet.Demo.Receivers;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;
using Fleet.Demo.Search;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The demo driver of `make run` / `make demo` (docs/demo.md): the fleet's services run as their own processes
// (deploy/local/run.sh); this process plays the user, the upload service, the user's webhook endpoint and mailbox.
DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var time = TimeProvider.System;
var narrator = new Narrator(time);
using var stopping = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var traces = DemoTracing.Listen();

await using var redis = await RedisClient.ConnectAsync(options.RedisUrl, retryFor: TimeSpan.FromSeconds(30));
var keys = new StreamKeys();
var contractKeys = new ContractKeys(keys);
using var journeys = new Journeys(narrator);
await using var webhooks = new WebhookReceiver(options.WebhookPort, new WebhookSignature(options.WebhookSecret, time), journeys, time);
await webhooks.StartAsync(stopping.Token);
await using var smtp = new SmtpSink(options.SmtpPort, journeys, time);
await smtp.StartAsync();

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddFleetEvents(events => events.InstanceName = "demo-driver").UseRedis(redis).AddFleetContracts();
using var host = builder.Build();
await host.StartAsync(stopping.Token);
var publisher = host.Services.GetRequiredService<IEventPublisher>();
var requester = host.Services.GetRequiredService<IEventRequester>();
var registry = host.Services.GetRequiredService<EventTypeRegistry>();
var tickSample = TickSample.Read(options.MarketCsv);
var checks = new StepChecks();
var processes = new FleetProcesses(options.PidDirectory);
using var gateway = options.GatewayUrl is { } gatewayUrl ? new GatewayClient(gatewayUrl, options.GatewayAdminKey, options.GatewayReadOnlyKey) : null;
var gatewaySteps = gateway is null ? null : new GatewaySteps(gateway, journeys, checks, narrator);

narrator.Heading("Fleet demo");
narrator.Line($"  Redis {redis.Options}, storage root {options.StorageRoot}, user {options.UserId}");
narrator.Line($"  webhook receiver {webhooks.Url} (checks X-Fleet-Signature), SMTP sink 127.0.0.1:{smtp.Port}");

// Every stream is followed from this moment (Redis's clock), so only this run's events are shown and counted.
var startId = $"{(await redis.ServerTimeAsync()).ToUnixTimeMilliseconds() - 1}-0";
var market = new MarketWatch();
var observer = new EventObserver(journeys, narrator, market);
using var stopFollowing = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
var following = new FleetFollower(redis, keys, observer, narrator).RunAsync(startId, stopFollowing.Token);

var passed = false;
try
{
    // The deadline bounds the scenario (preferences, uploads, processing); the search and the summary still run
    // after it, so a late run says what is missing instead of stopping mid-way.
    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
    deadline.CancelAfter(options.Deadline);
    var uploader = new Uploader(publisher, journeys, narrator, options);
    var preferencesApplied = false;
    try
    {
        // First, so the dashboard can be opened while the rest runs.
        if (gatewaySteps is null)
        {
            checks.Add(narrator, false, "event-gateway's steps (dashboard, archive, replay): no --gateway given");
        }
        else
        {
            await gatewaySteps.DashboardAsync(deadline.Token);
        }

        narrator.Heading($"Preferences of {options.UserId}: webhook + email");
        preferencesApplied = await new Preferences(publisher, redis, contractKeys, narrator)
            .SetAsync(options.UserId, webhooks.Url, options.Email, TimeSpan.FromSeconds(60), deadline.Token);

        narrator.Heading("Uploads, and each file's path through the fleet (+ time since its upload)");
        foreach (var sample in SampleFile.Scenario)
        {
            await uploader.UploadAsync(sample, deadline.Token);
        }

        await journeys.WaitUntilSettledAsync(SampleFile.Scenario.Count - uploader.NotUploaded.Count, deadline.Token);
        if (gatewaySteps is not null)
        {
            await gatewaySteps.ConversationAsync(deadline.Token);
        }

        // Part 2 of the fleet: market-monitor (two replicas, one collecting) and dead-letter-reaper, one step at a time.
        var marketSteps = new MarketSteps(market, tickSample, checks, narrator);
        await marketSteps.TicksAsync(deadline.Token);
        await marketSteps.TrendAsync(deadline.Token);
        await new PriceAlertStep(publisher, redis, contractKeys, market, tickSample, journeys, checks, narrator, options).RunAsync(deadline.Token);
        var deadLetters = new DeadLetterSteps(redis, keys, contractKeys, registry, market, checks, narrator);
        await deadLetters.RedriveAsync(deadline.Token);
        await deadLetters.ParkAsync(deadline.Token);
        await new LeaderFailover(redis, keys, market, processes, checks, narrator).RunAsync(deadline.Token);
        await new LagAlertStep(publisher, market, processes, checks, narrator, options).RunAsync(deadline.Token);
        if (gatewaySteps is not null)
        {
            await gatewaySteps.ReplayAsync(deadline.Token);
        }
    }
    catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
    {
        // The deadline: fall through to the summary.
    }

    stopping.Token.ThrowIfCancellationRequested();
    if (deadline.IsCancellationRequested)
    {
        narrator.Verdict(false, $"the scenario did not finish within the deadline ({options.Deadline.TotalSeconds:0} s, --deadline)");
    }

    narrator.Heading("Semantic search over the stored vectors");
    var search = await new SemanticSearch(publisher, requester, redis, contractKeys, journeys, narrator)
        .AskAsync(options.UserId, options.Query, TimeSpan.FromSeconds(60), stopping.Token);
    if (search.Problem.Length > 0)
    {
        narrator.Verdict(false, $"search: {search.Problem}");
    }

    var summary = new FleetSummary(redis, keys, observer, journeys, narrator, options);
    // Up to 60 s for pending entries: the killed leader's are claimed by the other replica once idle for the
    // processing timeout (30 s).
    await summary.WriteAsync(TimeSpan.FromSeconds(60), stopping.Token);
    passed = ScenarioCheck.Write(narrator, options, preferencesApplied, uploader, journeys, search, observer.DeadLetters, summary, checks);

    if (!options.Check)
    {
        narrator.Heading("The fleet keeps running: new events still show here. Ctrl-C stops everything.");
        await Task.Delay(Timeout.InfiniteTimeSpan, time, stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    narrator.Line("Stopped.");
}

await stopFollowing.CancelAsync();
await following;
await host.StopAsync(CancellationToken.None);
// make demo: the verdict. make run: 0 (the output says what happened; Ctrl-C is how it ends).
return options.Check && !passed ? 1 : 0;

void Stop(PosixSignalContext context)
{
    // Handled here: the demo stops its receivers and its host in order instead of being killed mid-write.
    context.Cancel = true;
    stopping.Cancel();
}
