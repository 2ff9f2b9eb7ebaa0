namespace Fleet.Notifier;

/// <summary><c>Notifier:Smtp</c>: e-mail over SMTP with MailKit.</summary>
internal sealed class SmtpOptions
{
    /// <summary>The SMTP server; empty (the default) turns e-mail off: an e-mail delivery fails with <c>not_configured</c>.</summary>
    public string? Host { get; set; }

    /// <summary>Its port (default 25).</summary>
    public int Port { get; set; } = 25;

    /// <summary>Transport security (default <see cref="SmtpSecurity.StartTlsWhenAvailable"/>).</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTlsWhenAvailable;

    /// <summary>User name for AUTH; empty: no authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for AUTH (never logged).</summary>
    public string? Password { get; set; }

    /// <summary>The From address; required when <see cref="Host"/> is set.</summary>
    public string? From { get; set; }

    /// <summary>Timeout of one attempt: connect, send, quit (default 15 s, at most 60 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts per e-mail, the first included (default 3, 1 to 10).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first backoff delay between attempts, doubled each time with jitter (default 1 s, at most 5 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether e-mail is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
