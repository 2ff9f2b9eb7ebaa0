using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>Tell a user something (notification.events); notifier delivers it on the user's channels.</summary>
/// <param name="UserId">Who to tell.</param>
/// <param name="Topic">What it is about, an event type such as <c>file.processed</c>.</param>
/// <param name="Subject">One line.</param>
/// <param name="Body">A few lines of text (no file contents).</param>
/// <param name="Reference">The id it refers to (a file id), or empty.</param>
public sealed record NotificationRequested(
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, RegularExpression("^[a-z0-9_]+(\\.[a-z0-9_]+)*$"), StringLength(200)] string Topic,
    [property: Required, StringLength(200, MinimumLength = 1)] string Subject,
    [property: Required, StringLength(4000)] string Body,
    [property: StringLength(64)] string? Reference = null);
