namespace Fleet.EndToEnd.Tests.Receivers;

/// <summary>One span a service exported, as the OTLP receiver decoded it (ids in lower-case hex, as in <c>traceparent</c>).</summary>
/// <param name="ServiceName">The resource's <c>service.name</c>.</param>
/// <param name="TraceId">32 hex digits.</param>
/// <param name="SpanId">16 hex digits.</param>
/// <param name="ParentSpanId">16 hex digits, or empty for a root span.</param>
/// <param name="Name">The span name, e.g. <c>process contextual.events</c>.</param>
/// <param name="Kind">The OTLP span kind.</param>
/// <param name="Attributes">The span's string attributes (others are not decoded).</param>
internal sealed record ReceivedSpan(
    string ServiceName,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    SpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public override string ToString() => $"{ServiceName} {Kind} '{Name}' {SpanId} <- {(ParentSpanId.Length == 0 ? "root" : ParentSpanId)}";
}
