using Fleet.Contracts;
using Fleet.Notifier.Delivery;
using Fleet.Notifier.Preferences;
using Fleet.Notifier.Tests.Support;
using MimeKit;
using SmtpServer.Protocol;

namespace Fleet.Notifier.Tests.Email;

public sealed class EmailChannelTests
{
    private static readonly Notification Sent = NotifierServices.Notification();
    private static readonly UserPreferences ToAlice = new([NotificationChannel.Email], null, "alice@example.com", null);

    [Fact]
    public async Task DeliverAsync_SinkAccepts_SendsSubjectBodyAndDeliveryKey()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var services = NotifierServices.Build(NotifierServices.Smtp(sink.Port, maxAttempts: 2));

        var outcome = await Deliver(services);

        Assert.Equal(ChannelOutcome.Success(NotificationChannel.Email, 1), outcome);
        var message = Assert.Single(sink.Messages);
        Assert.Equal(Sent.Subject, message.Subject);
        Assert.Equal(Sent.Body, message.TextBody?.TrimEnd());
        Assert.Equal("fleet@notifier.test", Assert.IsType<MailboxAddress>(Assert.Single(message.From)).Address);
        Assert.Equal("alice@example.com", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
        Assert.Equal(Sent.DeliveryKey, message.Headers["X-Fleet-Delivery-Key"]);
    }

    [Fact]
    public async Task DeliverAsync_Transient451ThenAccepted_RetriesAndDelivers()
    {
        await using var sink = await SmtpSink.StartAsync(n => n == 1 ? new SmtpResponse((SmtpReplyCode)451, "try again later") : SmtpResponse.Ok);
        await using var services = NotifierServices.Build(NotifierServices.Smtp(sink.Port, maxAttempts: 2));

        var outcome = await Deliver(services);

        Assert.Equal(ChannelOutcome.Success(NotificationChannel.Email, 2), outcome);
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task DeliverAsync_Permanent550_IsRejectedAfterOneAttempt()
    {
        await using var sink = await SmtpSink.StartAsync(_ => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "no such user"));
        await using var services = NotifierServices.Build(NotifierServices.Smtp(sink.Port, maxAttempts: 2));

        var outcome = await Deliver(services);

        Assert.Equal((FailureReasons.Rejected, 1), (outcome.Reason, outcome.Attempts));
        Assert.Equal(1, sink.Attempts);
    }

    [Fact]
    public async Task DeliverAsync_NothingListening_IsUnreachableAfterMaxAttempts()
    {
        int port;
        await using (var sink = await SmtpSink.StartAsync())
        {
            port = sink.Port;
        }

        await using var services = NotifierServices.Build(NotifierServices.Smtp(port, maxAttempts: 2));

        var outcome = await Deliver(services);

        Assert.Equal((FailureReasons.Unreachable, 2), (outcome.Reason, outcome.Attempts));
    }

    [Fact]
    public async Task DeliverAsync_NoSmtpHost_IsNotConfigured()
    {
        await using var services = NotifierServices.Build();

        var outcome = await Deliver(services);

        Assert.Equal((FailureReasons.NotConfigured, 0), (outcome.Reason, outcome.Attempts));
    }

    private static ValueTask<ChannelOutcome> Deliver(IServiceProvider services) =>
        services.Channel(NotificationChannel.Email).DeliverAsync(Sent, ToAlice, TestContext.Current.CancellationToken);
}
