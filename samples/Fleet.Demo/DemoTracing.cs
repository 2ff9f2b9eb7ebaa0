using System.Diagnostics;

namespace Fleet.Demo;

/// <summary>
/// Turns on the demo's spans and Fleet.Events' publish spans in this process (nothing exports them): without a
/// listener no span starts, and an upload's envelope would carry no traceparent for the services to continue.
/// </summary>
internal static class DemoTracing
{
    public static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Fleet.Demo" or "Fleet.Events",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
