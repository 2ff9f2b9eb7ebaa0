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
        new("user.preferences.updated", 1, [FleetStreams.User], ["account service (outside the fleet)", "demo driver"], ["notifier"], "event", typeof(UserPreferencesUpdated)),
        new("user.tier.changed", 1, [FleetStreams.User], ["account service (outside the fleet)"], ["file-processor"], "event", typeof(UserTierChanged)),
        new("file.uploaded", 1, [FleetStreams.Contextual], ["upload service (outside the fleet)", "event-gateway", "demo driver"], ["file-processor"], "event", typeof(FileUploaded)),
        new("file.processing.started", 1, [FleetStreams.Contextual], ["file-processor"], [], "event", typeof(FileProcessingStarted)),
        new("file.text.extracted", 1, [FleetStreams.Contextual], ["file-processor"], [], "event", typeof(FileTextExtracted)),
        new("file.processed", 1, [FleetStreams.Contextual], ["file-processor"], [], "event", typeof(FileProcessed)),
        new("file.processing.failed", 1, [FleetStreams.Contextual], ["file-processor"], [], "event", typeof(FileProcessingFailed)),
        new("embedding.generation.requested", 1, Lanes, ["file-processor"], ["embedding-generator"], "request", typeof(EmbeddingGenerationRequested)),
        new("embedding.generation.completed", 1, [FleetStreams.Ai], ["embedding-generator"], ["file-processor (waits by correlation id)"], "response", typeof(EmbeddingGenerationCompleted)),
        new("embedding.generation.failed", 1, [FleetStreams.Ai], ["embedding-generator"], ["file-processor (waits by correlation id)"], "response", typeof(EmbeddingGenerationFailed)),
        new("embedding.search.requested", 1, [FleetStreams.Ai], ["any service", "demo driver"], ["embedding-generator"], "request", typeof(EmbeddingSearchRequested)),
        new("embedding.search.completed", 1, [FleetStreams.Ai], ["embedding-generator"], ["the requester (waits by correlation id)"], "response", typeof(EmbeddingSearchCompleted)),
        new("embedding.search.failed", 1, [FleetStreams.Ai], ["embedding-generator"], ["the requester (waits by correlation id)"], "response", typeof(EmbeddingSearchFailed)),
        new("notification.requested", 1, [FleetStreams.Notification], ["file-processor"], ["notifier"], "event", typeof(NotificationRequested)),
        new("notification.delivered", 1, [FleetStreams.Notification], ["notifier"], [], "event", typeof(NotificationDelivered)),
        new("notification.failed", 1, [FleetStreams.Notification], ["notifier"], [], "event", typeof(NotificationFailed)),
    ];
}
