namespace Fleet.Events.Publishing;

/// <summary>Publishing data that is JSON already validated by the caller (<see cref="IJsonEventPublisher"/>).</summary>
internal sealed partial class EventPublisher
{
    /// <inheritdoc/>
    public ValueTask<PublishResult> PublishJsonAsync(
        string stream, EventTypeDescriptor type, int version, ReadOnlyMemory<byte> data, PublishOptions? options = null, CancellationToken cancellationToken = default)
    {
        PreparedEvent prepared;
        var fence = options?.Fence;
        try
        {
            ArgumentNullException.ThrowIfNull(type);
            if (!_registry.TryGet(type.Name, out var registered) || !ReferenceEquals(registered, type))
            {
                throw new ArgumentException($"'{type.Name}' is not a type of this process's EventTypeRegistry; take the descriptor from it (TryGet).", nameof(type));
            }

            if (version < 1 || version > type.Version)
            {
                throw new ArgumentOutOfRangeException(nameof(version), version, $"'{type.Name}' is published at version 1 to {type.Version}.");
            }

            if (data.IsEmpty)
            {
                throw new ArgumentException("The data is empty; it must be a JSON object.", nameof(data));
            }

            if (fence is not null)
            {
                CheckFence(stream, StreamKeyOf(stream), fence);
            }

            prepared = Prepare(stream, type, version, data, options);
        }
        catch (Exception e)
        {
            // Faults the returned task, as PublishAsync does: callers handle one shape of failure.
            return ValueTask.FromException<PublishResult>(e);
        }

        return SendPreparedAsync(stream, prepared, fence, cancellationToken);
    }
}
