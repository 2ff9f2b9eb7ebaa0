namespace Fleet.Events.Consumers;

/// <summary>What <see cref="DeliveryProcessor.Prepare"/> decided about an entry.</summary>
internal enum Verdict
{
    /// <summary>Run the handler with the <see cref="Delivery"/>.</summary>
    Ready,

    /// <summary>Finished without a handler (deleted entry or no handler in this group): acknowledged.</summary>
    Done,

    /// <summary>Move to the dead-letter stream with the <see cref="DeadLetterReason"/>.</summary>
    DeadLetter,
}
