using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// One tick of a market feed (market.events), published by the market-monitor replica that holds the collector lease.
/// </summary>
/// <param name="Symbol">The instrument, e.g. <c>ACME</c> (<see cref="Ids.SymbolPattern"/>).</param>
/// <param name="Price">The traded (or mid) price, greater than zero.</param>
/// <param name="Volume">The volume traded at that price, zero or more.</param>
/// <param name="Time">When the tick happened in the market (not when it was published).</param>
/// <param name="Sequence">
/// This symbol's tick number in the feed, 1, 2, 3, …; the same tick always gets the same number, so a collector that
/// takes over and publishes a tick again is recognised, and the analysis applies one symbol's ticks in this order.
/// </param>
/// <param name="FencingToken">The collector lease's fencing token of the term that published it (grows at every failover).</param>
public sealed record MarketDataCollected(
    [property: Required, RegularExpression(Ids.SymbolPattern)] string Symbol,
    decimal Price,
    decimal Volume,
    DateTimeOffset Time,
    [property: Range(1, long.MaxValue)] long Sequence,
    [property: Range(1, long.MaxValue)] long FencingToken) : IValidatableObject
{
    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Price <= 0)
        {
            yield return new ValidationResult("Price must be greater than zero.", [nameof(Price)]);
        }

        if (Volume < 0)
        {
            yield return new ValidationResult("Volume must not be negative.", [nameof(Volume)]);
        }
    }
}
