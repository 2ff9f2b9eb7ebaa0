using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A notification could not be delivered on one channel (notification.events; caused by the request).</summary>
/// <param name="UserId">Who was to be told.</param>
/// <param name="NotificationId">The id of the <c>notification.requested</c> event.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Reason">A stable code: rate_limited, rejected, unreachable, not_configured, no_address.</param>
/// <param name="Message">What went wrong, for people.</param>
public sealed record NotificationFailed(
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, RegularExpression(Ids.UlidPattern)] string NotificationId,
    NotificationChannel Channel,
    [property: Range(0, int.MaxValue)] int Attempts,
    [property: Required, RegularExpression("^[a-z_]{1,64}$")] string Reason,
    [property: Required, StringLength(2000)] string Message);
