namespace Fleet.Chaos.Tests;

/// <summary>One <c>tick</c> line of the publisher: cumulative publishes sent to Redis and spooled, at a Unix time in ms.</summary>
internal readonly record struct PublisherTick(long UnixMs, long Direct, long Spooled)
{
    public long Total => Direct + Spooled;
}
