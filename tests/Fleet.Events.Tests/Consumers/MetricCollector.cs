using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// Listens to Fleet.Events' instruments and keeps the measurements tagged with one stream (tests run in parallel and
/// share the static meter): counters summed, gauges as last observed.
/// </summary>
internal sealed class MetricCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _stream;
    private readonly ConcurrentDictionary<string, long> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Instrument, string Type), bool> _types = new();

    public MetricCollector(string stream)
    {
        _stream = stream;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Fleet.Events")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>The sum of a counter, or the last value of a gauge, for this stream (0 when none was seen).</summary>
    public long Value(string instrument)
    {
        _listener.RecordObservableInstruments();
        return _values.TryGetValue(instrument, out var value) ? value : 0;
    }

    /// <summary>The values of the <c>type</c> tag seen on <paramref name="instrument"/> for this stream.</summary>
    public IReadOnlyCollection<string> TypeTags(string instrument) =>
        [.. _types.Keys.Where(key => key.Instrument == instrument).Select(key => key.Type)];

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var ours = false;
        foreach (var tag in tags)
        {
            ours |= tag.Key == "stream" && Equals(tag.Value, _stream);
        }

        if (!ours)
        {
            return;
        }

        foreach (var tag in tags)
        {
            if (tag is { Key: "type", Value: string type })
            {
                _types.TryAdd((instrument.Name, type), true);
            }
        }

        foreach (var tag in tags)
        {
            if (tag.Key == "stream" && Equals(tag.Value, _stream))
            {
                if (instrument is ObservableGauge<long>)
                {
                    _values[instrument.Name] = measurement;
                }
                else
                {
                    _values.AddOrUpdate(instrument.Name, measurement, (_, sum) => sum + measurement);
                }

                return;
            }
        }
    }
}
