using System.Diagnostics.Metrics;

namespace Fleet.EventGateway.Tests.Replay;

/// <summary>Sums Fleet.Events' <c>fleet.events.published</c> with outcome <c>sent</c> for one stream and type, in this process.</summary>
internal sealed class PublishedCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _sent;

    public PublishedCounter(string stream, string type)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "fleet.events.published", Meter.Name: "Fleet.Events" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? s = null, t = null, o = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "stream")
                {
                    s = tag.Value as string;
                }
                else if (tag.Key == "type")
                {
                    t = tag.Value as string;
                }
                else if (tag.Key == "outcome")
                {
                    o = tag.Value as string;
                }
            }

            if (s == stream && t == type && o == "sent")
            {
                Interlocked.Add(ref _sent, value);
            }
        });
        _listener.Start();
    }

    /// <summary>Events counted as sent since this counter started.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public void Dispose() => _listener.Dispose();
}
