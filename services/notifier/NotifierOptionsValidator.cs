using System.Globalization;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Fleet.Notifier;

/// <summary>
/// Checks <see cref="NotifierOptions"/> at start; each failure names the option as <c>Notifier:Section:Property</c> and
/// never repeats a secret's value.
/// </summary>
internal sealed class NotifierOptionsValidator : IValidateOptions<NotifierOptions>
{
    private static readonly TimeSpan MaxAttemptTimeout = TimeSpan.FromSeconds(60);

    public ValidateOptionsResult Validate(string? name, NotifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateWebhook(options.Webhook, failures);
        ValidateSmtp(options.Smtp, failures);
        if (options.RateLimit.PerMinute is < 1 or > 100_000)
        {
            failures.Add(Invariant($"Notifier:RateLimit:PerMinute must be between 1 and 100000; got {options.RateLimit.PerMinute}."));
        }

        if (failures.Count == 0)
        {
            // Only once each part is valid: the handler's cancellation at the group's ProcessingTimeout must never cut a
            // delivery its own settings still allow, or the entry would be claimed and delivered again.
            var worst = WorstCase(options.Webhook.Enabled, options.Webhook.MaxAttempts, options.Webhook.Timeout)
                + WorstCase(options.Smtp.IsConfigured, options.Smtp.MaxAttempts, options.Smtp.Timeout);
            if (worst > NotifierOptions.HandlerBudget)
            {
                failures.Add(Invariant(
                    $"Notifier:Webhook and Notifier:Smtp (MaxAttempts × Timeout plus backoff of up to {WebhookOptions.MaxRetryDelay.TotalSeconds:0} s each) may take {worst.TotalSeconds:0} s together, more than the {NotifierOptions.HandlerBudget.TotalSeconds:0} s one notification may take; lower MaxAttempts or Timeout."));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The longest one channel may take: every attempt timing out, and the longest backoff between them.</summary>
    internal static TimeSpan WorstCase(bool enabled, int maxAttempts, TimeSpan timeout) =>
        enabled ? (timeout * maxAttempts) + (WebhookOptions.MaxRetryDelay * (maxAttempts - 1)) : TimeSpan.Zero;

    private static void ValidateWebhook(WebhookOptions webhook, List<string> failures)
    {
        if (webhook.Enabled && (webhook.SigningSecret is null || webhook.SigningSecret.Trim().Length < WebhookOptions.MinSecretLength))
        {
            failures.Add(Invariant(
                $"Notifier:Webhook:SigningSecret is required while Notifier:Webhook:Enabled is true: at least {WebhookOptions.MinSecretLength} characters (a random key, e.g. `openssl rand -hex 32`); set it, or set Notifier:Webhook:Enabled=false."));
        }

        ValidateAttempts("Notifier:Webhook", webhook.MaxAttempts, webhook.Timeout, webhook.RetryDelay, failures);
    }

    private static void ValidateSmtp(SmtpOptions smtp, List<string> failures)
    {
        if (smtp.Port is < 1 or > 65535)
        {
            failures.Add(Invariant($"Notifier:Smtp:Port must be between 1 and 65535; got {smtp.Port}."));
        }

        if (!Enum.IsDefined(smtp.Security))
        {
            failures.Add("Notifier:Smtp:Security must be None, StartTls, StartTlsWhenAvailable or SslOnConnect.");
        }

        if (smtp.IsConfigured && !IsMailAddress(smtp.From))
        {
            failures.Add("Notifier:Smtp:From must be an e-mail address while Notifier:Smtp:Host is set.");
        }

        if (!string.IsNullOrEmpty(smtp.Password) && string.IsNullOrEmpty(smtp.UserName))
        {
            failures.Add("Notifier:Smtp:UserName is required when Notifier:Smtp:Password is set.");
        }

        ValidateAttempts("Notifier:Smtp", smtp.MaxAttempts, smtp.Timeout, smtp.RetryDelay, failures);
    }

    private static void ValidateAttempts(string section, int maxAttempts, TimeSpan timeout, TimeSpan retryDelay, List<string> failures)
    {
        if (maxAttempts is < 1 or > 10)
        {
            failures.Add(Invariant($"{section}:MaxAttempts must be between 1 and 10; got {maxAttempts}."));
        }

        if (timeout <= TimeSpan.Zero || timeout > MaxAttemptTimeout)
        {
            failures.Add(Invariant($"{section}:Timeout must be above 0 and at most {MaxAttemptTimeout:c}; got {timeout:c}."));
        }

        if (retryDelay <= TimeSpan.Zero || retryDelay > WebhookOptions.MaxRetryDelay)
        {
            failures.Add(Invariant($"{section}:RetryDelay must be above 0 and at most {WebhookOptions.MaxRetryDelay:c}; got {retryDelay:c}."));
        }
    }

    private static bool IsMailAddress(string? value) => !string.IsNullOrWhiteSpace(value) && MailAddress.TryCreate(value, out _);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
