using System.Diagnostics.Metrics;

namespace Fleet.Chaos;

/// <summary>
/// Reads the <c>fleet.events.outbox.depth</c> gauge of this process, the way an OpenTelemetry exporter would: the
/// outbox has no other public view of its depth (issue 7 section 3 adds one).
/// </summary>
internal sealed class OutboxDepthProbe : IDisposable
{
    private const string MeterName = "Fleet.Events";
    private const string InstrumentName = "fleet.events.outbox.depth";

    private readonly MeterListener _listener = new();
    private long _depth;

    public OutboxDepthProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Volatile.Write(ref _depth, value));
        _listener.Start();
    }

    /// <summary>Observes the gauge now and returns the events waiting in the outbox.</summary>
    public long Read()
    {
        _listener.RecordObservableInstruments();
        return Volatile.Read(ref _depth);
    }

    public void Dispose() => _listener.Dispose();
}
