namespace Fleet.MarketMonitor.PriceAlerts;

/// <summary>What <see cref="PriceAlertBook.SubscribeAsync"/> did.</summary>
internal enum SubscribeOutcome
{
    /// <summary>The user unsubscribed this alert before (the events arrived out of order): ignored.</summary>
    UnsubscribedBefore = 0,

    /// <summary>The alert is stored.</summary>
    Stored = 1,

    /// <summary>The same alert was stored before (a redelivery).</summary>
    AlreadyStored = 2,
}
