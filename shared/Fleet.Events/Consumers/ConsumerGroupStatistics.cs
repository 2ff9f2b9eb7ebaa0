using Fleet.Events.Transport;

namespace Fleet.Events;

/// <summary>
/// Reads any consumer group's figures (length, pending, lag, dead letters) with the same counting script the consumer
/// runtime's metrics use (ADR 0005), so a tool or a service that watches other services' groups (the alert evaluator,
/// an operator API) gets Fleet's lag, not Redis's counter that an AOF restart can leave wrong. Like the runtime's
/// sampler, a read of a drained group whose entries-read counter Redis got wrong puts that counter right.
/// Registered by <c>AddFleetEvents</c>.
/// </summary>
public sealed class ConsumerGroupStatistics
{
    private readonly IEventTransport _transport;

    internal ConsumerGroupStatistics(IEventTransport transport) => _transport = transport;

    /// <summary>
    /// The figures of <paramref name="group"/> on the stream at <paramref name="streamKey"/>, counting the dead letters
    /// in <paramref name="deadLetterKey"/> (keys as <see cref="StreamKeys"/> builds them; a group on a <c>:dlq</c>
    /// passes that key for both).
    /// </summary>
    public async ValueTask<ConsumerGroupFigures> ReadAsync(string streamKey, string deadLetterKey, string group, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamKey);
        ArgumentException.ThrowIfNullOrEmpty(deadLetterKey);
        ArgumentException.ThrowIfNullOrEmpty(group);
        var statistics = await _transport.GetGroupStatisticsAsync(streamKey, deadLetterKey, group, cancellationToken).ConfigureAwait(false);
        return new(statistics.StreamLength, statistics.Pending, statistics.Lag, statistics.DeadLetters, statistics.LagEstimated);
    }
}
