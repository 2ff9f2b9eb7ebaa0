using System.Globalization;
using Fleet.Events;
using Fleet.Events.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Chaos;

/// <summary>
/// <c>publish</c>: one publisher, outbox on, publishing <c>--count</c> <see cref="ChaosTick"/> events in order
/// (<c>--rate</c> per second, 0 for as fast as it goes), writing each acknowledged entry id to <c>--acks</c> and its
/// cumulative counts to stdout every 100 ms; then it waits for its outbox to drain and exits 0 (3 if it did not drain).
/// </summary>
internal static class PublisherRole
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(ChaosArguments arguments)
    {
        var stream = arguments.Text("stream");
        var count = arguments.Number("count", 1000);
        var rate = arguments.Number("rate", 0);
        var instance = arguments.Text("instance", "p1");
        var outbox = arguments.Text("outbox");
        var acksPath = arguments.Text("acks");
        var drainTimeout = TimeSpan.FromSeconds(arguments.Number("drain-timeout", 300));
        var time = TimeProvider.System;

        var builder = ChaosHost.CreateBuilder();
        builder.Services.AddFleetEvents(o =>
            {
                o.InstanceName = instance;
                o.WhenUnavailable = PublishFailureMode.Outbox;
                o.Outbox.Directory = outbox;
            })
            .UseRedis(arguments.Text("redis"))
            .AddEventType(ChaosTick.TypeName, 1, ChaosJsonContext.Default.ChaosTick);
        using var host = builder.Build();
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var outboxMonitor = host.Services.GetRequiredService<IOutboxMonitor>();
        var counts = new PublishCounts();
        using var stopTicks = new CancellationTokenSource();
        ChaosHost.Say(ChaosProtocol.Ready);
        var ticks = TickAsync(counts, time, stopTicks.Token);
        try
        {
            await using (var acks = new StreamWriter(acksPath))
            {
                var start = time.GetTimestamp();
                for (var seq = 1L; seq <= count; seq++)
                {
                    await PaceAsync(seq, rate, start, time);
                    var result = await publisher.PublishAsync(stream, new ChaosTick(seq, instance));
                    if (result.EntryId is { } entryId)
                    {
                        counts.Sent();
                        await acks.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{seq} {entryId}"));
                    }
                    else
                    {
                        counts.Spooled();
                    }
                }
            }

            ChaosHost.Say(string.Create(CultureInfo.InvariantCulture, $"{ChaosProtocol.Published} {Now(time)} {counts}"));
            var drained = await WaitForEmptyOutboxAsync(outboxMonitor, drainTimeout, time);
            if (drained)
            {
                ChaosHost.Say(string.Create(CultureInfo.InvariantCulture, $"{ChaosProtocol.Drained} {Now(time)}"));
            }
            else
            {
                await Console.Error.WriteLineAsync($"The outbox in {outbox} still holds {outboxMonitor.Depth} events after {drainTimeout.TotalSeconds:0} s.");
            }

            await host.StopAsync();
            return drained ? 0 : 3;
        }
        finally
        {
            await stopTicks.CancelAsync();
            await ticks;
        }
    }

    /// <summary>Waits until event <paramref name="seq"/> is due at <paramref name="rate"/> per second; a late publisher catches up without waiting.</summary>
    private static async Task PaceAsync(long seq, long rate, long start, TimeProvider time)
    {
        if (rate == 0)
        {
            return;
        }

        var ahead = TimeSpan.FromSeconds((double)seq / rate) - time.GetElapsedTime(start);
        if (ahead > TimeSpan.FromMilliseconds(2))
        {
            await Task.Delay(ahead, time);
        }
    }

    private static async Task<bool> WaitForEmptyOutboxAsync(IOutboxMonitor outbox, TimeSpan timeout, TimeProvider time)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        try
        {
            await outbox.WaitUntilEmptyAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task TickAsync(PublishCounts counts, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TickInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                ChaosHost.Say(string.Create(CultureInfo.InvariantCulture, $"{ChaosProtocol.Tick} {Now(time)} {counts}"));
            }
        }
        catch (OperationCanceledException)
        {
            // The publisher finished.
        }
    }

    private static long Now(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
