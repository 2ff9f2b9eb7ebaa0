using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A notification reached the user on one channel (notification.events; caused by the request).</summary>
/// <param name="UserId">Who was told.</param>
/// <param name="NotificationId">The id of the <c>notification.requested</c> event.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Attempts">Attempts it took.</param>
public sealed record NotificationDelivered(
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, RegularExpression(Ids.UlidPattern)] string NotificationId,
    NotificationChannel Channel,
    [property: Range(1, int.MaxValue)] int Attempts);
