using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Events.Consumers;

/// <summary>
/// An event type a consumer group handles in batches (<see cref="IEventBatchHandler{TEvent}"/>): the
/// <see cref="BatchDispatcher"/> calls <see cref="InvokeBatchAsync"/> with up to <see cref="MaxBatchSize"/> entries of
/// one read, never <see cref="InvokeAsync"/>. No partition key: a batch is in stream order, and batches of one group
/// run side by side up to <see cref="ConsumerGroupOptions.Concurrency"/>.
/// </summary>
internal abstract class BatchHandlerRegistration(int maxBatchSize) : HandlerRegistration
{
    /// <summary>Entries per handler call at most.</summary>
    public int MaxBatchSize { get; } = maxBatchSize;

    public override string? PartitionKey(object data) => null;

    public override ValueTask InvokeAsync(IServiceProvider services, object data, EventEnvelope envelope, DeliveryInfo delivery, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{EventType.Name} is handled in batches: the batch dispatcher calls InvokeBatchAsync.");

    /// <summary>Runs the handler once for the entries of <paramref name="attempt"/> in <paramref name="services"/> (a scope for this call).</summary>
    public abstract ValueTask InvokeBatchAsync(IServiceProvider services, BatchAttempt attempt, CancellationToken cancellationToken);
}

/// <summary>A batch handler type resolved from DI once per call.</summary>
internal sealed class BatchHandlerRegistration<TEvent, THandler>(int maxBatchSize) : BatchHandlerRegistration(maxBatchSize)
    where TEvent : class
    where THandler : class, IEventBatchHandler<TEvent>
{
    public override Type EventType => typeof(TEvent);

    public override async ValueTask InvokeBatchAsync(IServiceProvider services, BatchAttempt attempt, CancellationToken cancellationToken)
    {
        var batch = attempt.Create<TEvent>(services);
        await services.GetRequiredService<THandler>().HandleAsync(batch, cancellationToken).ConfigureAwait(false);
        attempt.Collect(batch);
    }
}

/// <summary>A batch handler delegate.</summary>
internal sealed class DelegateBatchHandlerRegistration<TEvent>(Func<EventBatch<TEvent>, CancellationToken, ValueTask> handler, int maxBatchSize) : BatchHandlerRegistration(maxBatchSize)
    where TEvent : class
{
    public override Type EventType => typeof(TEvent);

    public override async ValueTask InvokeBatchAsync(IServiceProvider services, BatchAttempt attempt, CancellationToken cancellationToken)
    {
        var batch = attempt.Create<TEvent>(services);
        await handler(batch, cancellationToken).ConfigureAwait(false);
        attempt.Collect(batch);
    }
}
