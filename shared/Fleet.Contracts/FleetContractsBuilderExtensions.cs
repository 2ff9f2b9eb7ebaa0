using Fleet.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Contracts;

/// <summary>Registers the fleet's event types on a <see cref="FleetEventsBuilder"/>.</summary>
public static class FleetContractsBuilderExtensions
{
    /// <summary>Registers every event type of <see cref="EventCatalogue"/> at its current version, and <see cref="ContractKeys"/>.</summary>
    public static FleetEventsBuilder AddFleetContracts(this FleetEventsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var json = FleetContractsJsonContext.Default;
        builder.Services.TryAddSingleton(sp => new ContractKeys(sp.GetRequiredService<StreamKeys>()));
        return builder
            .AddEventType("user.preferences.updated", 1, json.UserPreferencesUpdated)
            .AddEventType("user.tier.changed", 1, json.UserTierChanged)
            .AddEventType("file.uploaded", 1, json.FileUploaded)
            .AddEventType("file.processing.started", 1, json.FileProcessingStarted)
            .AddEventType("file.text.extracted", 1, json.FileTextExtracted)
            .AddEventType("file.processed", 1, json.FileProcessed)
            .AddEventType("file.processing.failed", 1, json.FileProcessingFailed)
            .AddEventType("embedding.generation.requested", 1, json.EmbeddingGenerationRequested)
            .AddEventType("embedding.generation.completed", 1, json.EmbeddingGenerationCompleted)
            .AddEventType("embedding.generation.failed", 1, json.EmbeddingGenerationFailed)
            .AddEventType("embedding.search.requested", 1, json.EmbeddingSearchRequested)
            .AddEventType("embedding.search.completed", 1, json.EmbeddingSearchCompleted)
            .AddEventType("embedding.search.failed", 1, json.EmbeddingSearchFailed)
            .AddEventType("notification.requested", 1, json.NotificationRequested)
            .AddEventType("notification.delivered", 1, json.NotificationDelivered)
            .AddEventType("notification.failed", 1, json.NotificationFailed)
            .AddEventType("alert.subscribed", 1, json.PriceAlertSubscribed)
            .AddEventType("alert.unsubscribed", 1, json.PriceAlertUnsubscribed)
            .AddEventType("market.data.collected", 1, json.MarketDataCollected)
            .AddEventType("market.trend.detected", 1, json.MarketTrendDetected)
            .AddEventType("market.anomaly.detected", 1, json.MarketAnomalyDetected)
            .AddEventType("system.dead_letter.redriven", 1, json.DeadLetterRedriven)
            .AddEventType("system.dead_letter.parked", 1, json.DeadLetterParked)
            .AddEventType("system.dead_letter.redrive.requested", 1, json.DeadLetterRedriveRequested)
            .AddEventType("system.dead_letter.purge.requested", 1, json.DeadLetterPurgeRequested)
            .AddEventType("system.dead_letter.purged", 1, json.DeadLetterPurged)
            .AddEventType("system.consumer.removed", 1, json.ConsumerRemoved)
            .AddEventType("system.alert.raised", 1, json.SystemAlertRaised)
            .AddEventType("system.alert.resolved", 1, json.SystemAlertResolved);
    }
}
