namespace Fleet.EndToEnd.Tests.Receivers;

/// <summary>The OTLP <c>Span.SpanKind</c> values (opentelemetry/proto/trace/v1/trace.proto).</summary>
internal enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
