using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// How a user wants to be told (user.events; notifier keeps it). The delivery addresses are the only personal data
/// an event carries, because notifier cannot deliver without them; no secret travels (the webhook signing secret is
/// notifier's configuration).
/// </summary>
/// <param name="UserId">The user.</param>
/// <param name="Channels">The channels to deliver on; empty means log only.</param>
/// <param name="WebhookUrl">An http(s) URL, required when the channels include webhook.</param>
/// <param name="Email">An e-mail address, required when the channels include email.</param>
public sealed record UserPreferencesUpdated(
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, MaxLength(3)] IReadOnlyList<NotificationChannel> Channels,
    [property: StringLength(2048), Url] string? WebhookUrl = null,
    [property: StringLength(254), EmailAddress] string? Email = null) : IValidatableObject
{
    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Channels.Contains(NotificationChannel.Webhook) && string.IsNullOrEmpty(WebhookUrl))
        {
            yield return new ValidationResult("WebhookUrl is required when Channels include webhook.", [nameof(WebhookUrl)]);
        }

        if (Channels.Contains(NotificationChannel.Email) && string.IsNullOrEmpty(Email))
        {
            yield return new ValidationResult("Email is required when Channels include email.", [nameof(Email)]);
        }

        if (Channels.Distinct().Count() != Channels.Count)
        {
            yield return new ValidationResult("Channels must not repeat a channel.", [nameof(Channels)]);
        }
    }
}
