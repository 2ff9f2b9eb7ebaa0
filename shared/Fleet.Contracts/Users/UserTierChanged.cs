using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A user's plan changed (user.events; file-processor keeps it).</summary>
/// <param name="UserId">The user.</param>
/// <param name="Tier">The new plan.</param>
public sealed record UserTierChanged(
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    UserTier Tier);
