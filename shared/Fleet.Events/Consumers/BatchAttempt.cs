namespace Fleet.Events.Consumers;

/// <summary>
/// One call of a batch handler: the deliveries it gets, a fresh <see cref="StagedWrites"/> per delivery (what a failed
/// attempt staged never commits), and, after the call, each delivery's failure (null = succeeded).
/// </summary>
internal sealed class BatchAttempt
{
    private readonly string _stream;
    private readonly string _group;
    private readonly string _consumer;

    public BatchAttempt(IReadOnlyList<Delivery> deliveries, string stream, string group, string consumer, Func<StagedWrites> stagedWrites)
    {
        Deliveries = deliveries;
        _stream = stream;
        _group = group;
        _consumer = consumer;
        Writes = new StagedWrites[deliveries.Count];
        for (var i = 0; i < Writes.Length; i++)
        {
            Writes[i] = stagedWrites();
        }

        Failures = new Exception?[deliveries.Count];
    }

    /// <summary>The deliveries of this call, in stream order.</summary>
    public IReadOnlyList<Delivery> Deliveries { get; }

    /// <summary>What each delivery's context staged.</summary>
    public StagedWrites[] Writes { get; }

    /// <summary>Each delivery's failure after the call: marked by the handler, or the handler's own exception for all.</summary>
    public Exception?[] Failures { get; }

    /// <summary>The batch the handler sees: a context per delivery.</summary>
    public EventBatch<TEvent> Create<TEvent>(IServiceProvider services)
        where TEvent : class
    {
        var items = new EventContext<TEvent>[Deliveries.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var delivery = Deliveries[i];
            var info = new DeliveryInfo(_stream, _group, _consumer, delivery.Entry.Id, delivery.DeliveryCount, Writes[i]);
            items[i] = new EventContext<TEvent>((TEvent)delivery.Data, delivery.Envelope, info, services);
        }

        return new EventBatch<TEvent>(items, services);
    }

    /// <summary>Takes over the failures the handler marked.</summary>
    public void Collect<TEvent>(EventBatch<TEvent> batch)
        where TEvent : class
    {
        for (var i = 0; i < Failures.Length; i++)
        {
            Failures[i] = batch.FailureOf(i);
        }
    }

    /// <summary>Fails every delivery with <paramref name="error"/> (the handler threw, or timed out).</summary>
    public void FailAll(Exception error) => Array.Fill(Failures, error);
}
