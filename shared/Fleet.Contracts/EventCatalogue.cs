namespace Fleet.Contracts;

/// <summary>
/// Every event type the services exchange, with its streams, producers and consumers. docs/event-catalogue.md and
/// docs/schemas/*.json are generated from it and from the registered contracts; a test fails when they drift.
/// </summary>
public static class EventCatalogue
{
    private static readonly string[] Lanes = [FleetStreams.AiHigh, FleetStreams.Ai, FleetStreams.AiLow];

    /// <summary>The entries, in the order of the streams.</summary>
    public static IReadOnlyList<EventCatalogueEntry> Entries { get; } =
    [
        new("user.preferences.updated", 1, [FleetStreams.User], ["account service (outside the fleet)", "demo driver"], ["notifier"], "event", typeof(UserPreferencesUpdated), "How a user wants to be told: channels, webhook URL, e-mail address (the only personal data in an event)."),
        new("user.tier.changed", 1, [FleetStreams.User], ["account service (outside the fleet)"], ["file-processor"], "event", typeof(UserTierChanged), "A user's plan changed; file-processor derives the default priority of the user's uploads from it."),
        new("alert.subscribed", 1, [FleetStreams.User], ["account service (outside the fleet)", "demo driver"], ["market-monitor"], "event", typeof(PriceAlertSubscribed), "A user wants to be told when a symbol's price crosses a threshold (above or below)."),
        new("alert.unsubscribed", 1, [FleetStreams.User], ["account service (outside the fleet)", "demo driver"], ["market-monitor"], "event", typeof(PriceAlertUnsubscribed), "A user no longer wants a price alert."),
        new("file.uploaded", 1, [FleetStreams.Contextual], ["upload service (outside the fleet)", "event-gateway", "demo driver"], ["file-processor"], "event", typeof(FileUploaded), "A user uploaded a file, stored under the storage root; the event carries its URI, never its contents."),
        new("file.processing.started", 1, [FleetStreams.Contextual], ["file-processor"], [], "event", typeof(FileProcessingStarted), "file-processor began work on a file."),
        new("file.text.extracted", 1, [FleetStreams.Contextual], ["file-processor"], [], "event", typeof(FileTextExtracted), "The text of a file was extracted and split into chunks (counts only)."),
        new("file.processed", 1, [FleetStreams.Contextual], ["file-processor"], [], "event", typeof(FileProcessed), "A file went all the way: text, chunks, stored vectors, with durations."),
        new("file.processing.failed", 1, [FleetStreams.Contextual], ["file-processor"], [], "event", typeof(FileProcessingFailed), "A file cannot be processed as it is; the reason is a stable code and its upload is dead-lettered."),
        new("embedding.generation.requested", 1, Lanes, ["file-processor"], ["embedding-generator"], "request", typeof(EmbeddingGenerationRequested), "Embeddings wanted for a file's chunks, whose text waits in a Redis hash; sent on the lane of its priority."),
        new("embedding.generation.completed", 1, [FleetStreams.Ai], ["embedding-generator"], ["file-processor (waits by correlation id)"], "response", typeof(EmbeddingGenerationCompleted), "The vectors of a file's chunks are stored; lists their keys."),
        new("embedding.generation.failed", 1, [FleetStreams.Ai], ["embedding-generator"], ["file-processor (waits by correlation id)"], "response", typeof(EmbeddingGenerationFailed), "The embeddings of a file could not be computed."),
        new("embedding.search.requested", 1, [FleetStreams.Ai], ["any service", "demo driver"], ["embedding-generator"], "request", typeof(EmbeddingSearchRequested), "A semantic search over one user's stored vectors."),
        new("embedding.search.completed", 1, [FleetStreams.Ai], ["embedding-generator"], ["the requester (waits by correlation id)"], "response", typeof(EmbeddingSearchCompleted), "The best chunks for a search, highest cosine similarity first."),
        new("embedding.search.failed", 1, [FleetStreams.Ai], ["embedding-generator"], ["the requester (waits by correlation id)"], "response", typeof(EmbeddingSearchFailed), "A search could not be answered."),
        new("market.data.collected", 1, [FleetStreams.Market], ["market-monitor (the collector lease's holder)"], ["market-monitor"], "event", typeof(MarketDataCollected), "One tick of a market feed, numbered per symbol and stamped with the collector's fencing token."),
        new("market.trend.detected", 1, [FleetStreams.Market], ["market-monitor"], [], "event", typeof(MarketTrendDetected), "A trend started or ended for a symbol (moving-average crossover, RSI); once per change, not per tick."),
        new("market.anomaly.detected", 1, [FleetStreams.Market], ["market-monitor"], [], "event", typeof(MarketAnomalyDetected), "A tick that looks wrong was flagged (a huge jump, time going backwards, a gap)."),
        new("notification.requested", 1, [FleetStreams.Notification], ["file-processor", "market-monitor"], ["notifier"], "event", typeof(NotificationRequested), "Tell a user something; notifier delivers it on the user's channels once per delivery key."),
        new("notification.delivered", 1, [FleetStreams.Notification], ["notifier"], [], "event", typeof(NotificationDelivered), "A notification reached the user on one channel."),
        new("notification.failed", 1, [FleetStreams.Notification], ["notifier"], [], "event", typeof(NotificationFailed), "A notification could not be delivered on one channel."),
        new("system.dead_letter.redriven", 1, [FleetStreams.System], ["dead-letter-reaper"], [], "event", typeof(DeadLetterRedriven), "A dead letter (or a parked entry, on request) was put back on its source stream."),
        new("system.dead_letter.parked", 1, [FleetStreams.System], ["dead-letter-reaper"], [], "event", typeof(DeadLetterParked), "A dead letter was moved to :parked, where it waits for an operator."),
        new("system.dead_letter.redrive.requested", 1, [FleetStreams.System], ["operators (fleetctl, event-gateway)"], ["dead-letter-reaper"], "request", typeof(DeadLetterRedriveRequested), "Put parked entries of a stream back on it, by id or by filter."),
        new("system.dead_letter.purge.requested", 1, [FleetStreams.System], ["operators (fleetctl, event-gateway)"], ["dead-letter-reaper"], "request", typeof(DeadLetterPurgeRequested), "Delete parked entries of a stream for good, by id or by filter."),
        new("system.dead_letter.purged", 1, [FleetStreams.System], ["dead-letter-reaper"], [], "response", typeof(DeadLetterPurged), "Parked entries were deleted on request."),
        new("system.consumer.removed", 1, [FleetStreams.System], ["dead-letter-reaper"], [], "event", typeof(ConsumerRemoved), "A dead consumer (idle, nothing pending, no live instance) was removed from its group."),
        new("system.alert.raised", 1, [FleetStreams.System], ["dead-letter-reaper (the alert-evaluator lease's holder)"], [], "event", typeof(SystemAlertRaised), "A threshold of seed 001 was crossed (lag, error rate, depth, memory); once per crossing."),
        new("system.alert.resolved", 1, [FleetStreams.System], ["dead-letter-reaper (the alert-evaluator lease's holder)"], [], "event", typeof(SystemAlertResolved), "A raised alert cleared; once, after its raise."),
    ];
}
