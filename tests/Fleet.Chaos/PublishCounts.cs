using System.Globalization;

namespace Fleet.Chaos;

/// <summary>Publishes sent to Redis and spooled to the outbox so far; read by the ticker while the loop counts.</summary>
internal sealed class PublishCounts
{
    private long _sent;
    private long _spooled;

    public void Sent() => Interlocked.Increment(ref _sent);

    public void Spooled() => Interlocked.Increment(ref _spooled);

    /// <summary><c>DIRECT SPOOLED</c>, as the protocol lines carry them.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Read(ref _sent)} {Interlocked.Read(ref _spooled)}");
}
