using Fleet.DeadLetterReaper.Consumers;
using Fleet.DeadLetterReaper.Requests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.DeadLetterReaper.Tests.Support;

/// <summary>
/// dead-letter-reaper as Program.cs registers it (its loop, its group on system.events, its sweep), in a Generic Host on
/// a real Redis under the test's key prefix. The reaper's clock is a <see cref="FakeTimeProvider"/>, so cool-downs pass when
/// the test says; the consumer runtime keeps real time.
/// Built and started apart, so a test can use its scripts before (or without) the loop running.
/// </summary>
internal sealed class ReaperHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private ReaperHost(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public DeadLetterLoop Loop => _host.Services.GetServices<IHostedService>().OfType<DeadLetterLoop>().Single();

    public DeadLetterMover Mover => _host.Services.GetRequiredService<DeadLetterMover>();

    public DeadConsumerRemover Remover => _host.Services.GetRequiredService<DeadConsumerRemover>();

    public IEventPublisher Publisher => _host.Services.GetRequiredService<IEventPublisher>();

    public ParkedEntries Parked => _host.Services.GetRequiredService<ParkedEntries>();

    /// <summary>
    /// Builds the reaper for <paramref name="fleet"/>'s Redis and prefix as instance <paramref name="instance"/>;
    /// <paramref name="configure"/> may add groups of the fleet's own (a failing worker) to the same host.
    /// </summary>
    public static ReaperHost Build(
        TestFleet fleet, string instance, FakeTimeProvider time, IReadOnlyDictionary<string, string?>? settings = null, Action<FleetEventsBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reaper:Streams:0"] = TestFleet.Source,
            ["Reaper:Streams:1"] = FleetStreams.User,
            ["Reaper:ReadBlock"] = "00:00:00.050",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddKeyedSingleton<TimeProvider>(ReaperClock.Key, time);
        builder.Services.AddSingleton(fleet.Redis);
        var events = builder.Services.AddFleetEvents(o =>
            {
                o.KeyPrefix = fleet.Prefix;
                o.InstanceName = instance;
            })
            .UseRedis(fleet.Redis)
            .AddFleetContracts()
            .AddConsumerGroup(FleetStreams.System, ReaperKeys.Group, group => group
                .Handle<DeadLetterRedriveRequested, RedriveRequestedHandler>()
                .Handle<DeadLetterPurgeRequested, PurgeRequestedHandler>()
                .Configure(TestFleet.Quick));
        configure?.Invoke(events);
        builder.Services.AddDeadLetterReaper(builder.Configuration);
        return new ReaperHost(builder.Build());
    }

    public async Task<ReaperHost> StartAsync()
    {
        await _host.StartAsync(TestContext.Current.CancellationToken);
        _started = true;
        return this;
    }

    /// <summary>Waits until the loop has read the dead letters <paramref name="turns"/> more times (each read handles what is due first).</summary>
    public async Task WaitTurnsAsync(int turns = 2)
    {
        var target = Loop.Turns + turns;
        await Eventually.TrueAsync(() => Loop.Turns >= target, $"the reaper's loop reads {turns} more time(s)");
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync(CancellationToken.None);
        }

        _host.Dispose();
    }
}
