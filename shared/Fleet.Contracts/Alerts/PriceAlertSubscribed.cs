using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// A user wants to be told when a symbol's price crosses a threshold (user.events; market-monitor keeps it). One
/// <c>notification.requested</c> per crossing, not one per tick while the price stays beyond it.
/// </summary>
/// <param name="AlertId">The alert's id (a ULID), chosen by the subscriber; unsubscribing names it.</param>
/// <param name="UserId">Who to tell.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Direction">Above or below.</param>
/// <param name="Threshold">The price, greater than zero.</param>
public sealed record PriceAlertSubscribed(
    [property: Required, RegularExpression(Ids.UlidPattern)] string AlertId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, RegularExpression(Ids.SymbolPattern)] string Symbol,
    PriceAlertDirection Direction,
    decimal Threshold) : IValidatableObject
{
    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Threshold <= 0)
        {
            yield return new ValidationResult("Threshold must be greater than zero.", [nameof(Threshold)]);
        }
    }
}
