namespace Fleet.Events.Transport.InMemory;

/// <summary>One entry of a group's pending list (a Redis stream NACK): its owner, last delivery time and delivery count.</summary>
internal sealed class PendingEntry(string consumer, long deliveredAtMilliseconds)
{
    /// <summary>The consumer that owns the entry now.</summary>
    public string Consumer { get; set; } = consumer;

    /// <summary>Unix milliseconds of the last delivery or claim; idle time is measured from it.</summary>
    public long DeliveredAtMilliseconds { get; set; } = deliveredAtMilliseconds;

    /// <summary>1 after the first XREADGROUP; re-reading the history and claiming each add one.</summary>
    public long DeliveryCount { get; set; } = 1;
}
