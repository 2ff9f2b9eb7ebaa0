namespace Fleet.MarketMonitor.PriceAlerts;

/// <summary>What <see cref="PriceAlertBook.UnsubscribeAsync"/> did.</summary>
internal enum UnsubscribeOutcome
{
    /// <summary>No such alert (not yet subscribed, or removed before); a tombstone keeps a late subscribe out.</summary>
    NotSubscribed = 0,

    /// <summary>The alert is removed.</summary>
    Removed = 1,

    /// <summary>The alert belongs to another user: kept.</summary>
    NotOwner = 2,
}
