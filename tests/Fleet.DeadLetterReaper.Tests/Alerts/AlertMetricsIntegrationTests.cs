using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.DeadLetterReaper.Tests.Alerts;

public sealed class AlertMetricsIntegrationTests(RedisServerFixture redis)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Evaluation_ExportsItsFiguresAsGaugesOfTheServiceMeter()
    {
        await using var alerts = await AlertsHarness.StartAsync(redis.Server.Url, new Dictionary<string, string?> { ["Alerts:ConsumerLag"] = "4" });
        var stream = alerts.Keys.Stream(FleetStreams.Contextual);
        await alerts.Redis.XGroupCreateAsync(stream, "archiver", "0", makeStream: true, cancellationToken: Cancel);
        await alerts.AddEntriesAsync(stream, 7);
        await alerts.Redis.XReadGroupAsync("archiver", "c1", stream, count: 2, cancellationToken: Cancel);
        await alerts.AddEntriesAsync(alerts.Keys.DeadLetters(FleetStreams.User), 3);
        Assert.Empty(Collect(alerts.Services.GetRequiredService<IMeterFactory>()));

        await alerts.EvaluateAsync(await alerts.LeadAsync(1));

        var gauges = Collect(alerts.Services.GetRequiredService<IMeterFactory>());
        Assert.Equal(5, gauges[("fleet.alerts.consumer.lag", "group=archiver,stream=contextual.events")]);
        Assert.Equal(7, gauges[("fleet.alerts.stream.depth", "group=archiver,stream=contextual.events")]);
        Assert.Equal(3, gauges[("fleet.alerts.dead_letter.depth", "stream=user.events")]);
        Assert.Equal(0, gauges[("fleet.alerts.error_rate", "stream=user.events")]);
        Assert.Equal(1, gauges[("fleet.alerts.active", "rule=consumer_lag,subject=contextual.events/archiver")]);
        Assert.Single(gauges, g => g.Key.Name == "fleet.alerts.active");
        Assert.DoesNotContain(gauges, g => g.Key.Name == "fleet.alerts.memory.ratio");
    }

    /// <summary>The observable gauges of the harness's own meter (its IMeterFactory), by name and sorted tags.</summary>
    private static Dictionary<(string Name, string Tags), double> Collect(IMeterFactory factory)
    {
        var values = new Dictionary<(string, string), double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var tagText = string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
            values[(instrument.Name, tagText)] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
