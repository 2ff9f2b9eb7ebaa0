using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A user no longer wants a price alert (user.events); unknown alert ids are ignored.</summary>
/// <param name="AlertId">The alert's id.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="Symbol">Its instrument.</param>
public sealed record PriceAlertUnsubscribed(
    [property: Required, RegularExpression(Ids.UlidPattern)] string AlertId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, RegularExpression(Ids.SymbolPattern)] string Symbol);
