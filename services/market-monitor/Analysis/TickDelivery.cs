using Fleet.Contracts;
using NUlid;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>A tick to apply and the event id it came with (the causation id of what it makes).</summary>
internal readonly record struct TickDelivery(MarketDataCollected Tick, Ulid EventId);
