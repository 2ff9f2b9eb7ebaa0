namespace Fleet.Notifier;

/// <summary>
/// The <c>Notifier</c> configuration section (appsettings.json, then <c>Notifier__…</c> environment variables),
/// validated at start by <see cref="NotifierOptionsValidator"/>.
/// </summary>
internal sealed class NotifierOptions
{
    public const string Section = "Notifier";

    /// <summary>
    /// How long one notification may take to handle, all channels and their retries included: the notification group's
    /// ProcessingTimeout (after which another replica may claim the entry). The validator keeps the worst case of the
    /// webhook and e-mail settings below it.
    /// </summary>
    public static readonly TimeSpan HandlerBudget = TimeSpan.FromMinutes(2);

    /// <summary>The webhook channel.</summary>
    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>The e-mail channel.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The per-user rate limit.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}
