using System.Net.Sockets;
using Fleet.Contracts;
using Fleet.Notifier.Delivery;
using Fleet.Notifier.Preferences;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Fleet.Notifier.Email;

/// <summary>
/// Sends the notification by e-mail with MailKit: one SMTP session per e-mail (connect with Notifier:Smtp:Security,
/// AUTH when a user name is set, send, quit), each attempt bounded by Notifier:Smtp:Timeout and retried with backoff
/// up to Notifier:Smtp:MaxAttempts when the failure is transient (a 4xx reply, a network or protocol error, a timeout).
/// A 5xx reply or refused credentials are <c>rejected</c> at once.
/// </summary>
internal sealed class EmailChannel : INotificationChannel
{
    private readonly SmtpOptions _smtp;
    private readonly ILogger<EmailChannel> _logger;
    private readonly ResiliencePipeline _pipeline;

    public EmailChannel(IOptions<NotifierOptions> options, TimeProvider time, ILogger<EmailChannel> logger)
    {
        _smtp = options.Value.Smtp;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (_smtp.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    !args.Context.CancellationToken.IsCancellationRequested && args.Outcome.Exception is { } e && IsTransient(e)),
            }.WithBackoff<RetryStrategyOptions, object>(_smtp.MaxAttempts, _smtp.RetryDelay));
        }

        _pipeline = builder.AddTimeout(_smtp.Timeout).Build();
    }

    public NotificationChannel Channel => NotificationChannel.Email;

    public async ValueTask<ChannelOutcome> DeliverAsync(Notification notification, UserPreferences preferences, CancellationToken cancellationToken)
    {
        if (!_smtp.IsConfigured)
        {
            return ChannelOutcome.Failure(Channel, 0, FailureReasons.NotConfigured, "E-mail is off in this notifier (Notifier:Smtp:Host is not set).");
        }

        if (preferences.Email is null || !MailboxAddress.TryParse(preferences.Email, out _))
        {
            return ChannelOutcome.Failure(Channel, 0, FailureReasons.NoAddress, "The user's preferences hold no usable e-mail address.");
        }

        using var message = EmailComposer.Compose(notification, _smtp.From!, preferences.Email);
        var attempts = 0;
        try
        {
            await _pipeline.ExecuteAsync(
                async token =>
                {
                    Interlocked.Increment(ref attempts);
                    await SendOnceAsync(message, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return ChannelOutcome.Success(Channel, attempts);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = IsTransient(e) ? FailureReasons.Unreachable : FailureReasons.Rejected;
            Log.EmailFailed(_logger, notification.Id, _smtp.Host!, attempts, reason, e.GetType().Name, e.Message);
            return ChannelOutcome.Failure(Channel, attempts, reason, $"SMTP {_smtp.Host}: {e.Message}");
        }
    }

    /// <summary>A failure another attempt may not meet: a 4xx reply, the connection or protocol broke, the attempt timed out.</summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        AuthenticationException => false,
        SslHandshakeException => false,
        SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutRejectedException => true,
        _ => false,
    };

    private async Task SendOnceAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)_smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(_smtp.Host!, _smtp.Port, Security(_smtp.Security), cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(_smtp.UserName))
        {
            await client.AuthenticateAsync(_smtp.UserName, _smtp.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
