namespace Fleet.Notifier;

/// <summary><c>Notifier:Webhook</c>: signed HTTP POSTs.</summary>
internal sealed class WebhookOptions
{
    /// <summary>Whether the webhook channel is on (default true). Off: a webhook delivery fails with <c>not_configured</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The HMAC-SHA256 key (its UTF-8 bytes) every receiver shares; required, at least 32 characters, while
    /// <see cref="Enabled"/>. No default: a secret in appsettings.json would be everyone's secret.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>Timeout of one attempt (default 10 s, at most 60 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per delivery, the first included (default 4, 1 to 10).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first backoff delay between attempts, doubled each time with jitter (default 1 s, at most 5 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay between two attempts.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>The shortest signing secret accepted: 32 characters, 256 bits of a random key in hex or base64 and more.</summary>
    public const int MinSecretLength = 32;
}
