using System.Globalization;
using System.Text;
using Fleet.Contracts;
using Fleet.Notifier.Delivery;
using Fleet.Notifier.Preferences;
using Fleet.Notifier.Tests.Support;

namespace Fleet.Notifier.Tests.Webhooks;

public sealed class WebhookChannelTests
{
    private static readonly Notification Sent = NotifierServices.Notification();

    [Fact]
    public async Task DeliverAsync_ReceiverAccepts_PostsSignedJsonWithTheHeaders()
    {
        await using var receiver = await WebhookReceiver.StartAsync(204);
        await using var services = NotifierServices.Build();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var outcome = await Deliver(services, receiver.Url);

        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(ChannelOutcome.Success(NotificationChannel.Webhook, 1), outcome);
        var request = Assert.Single(receiver.Requests);
        var timestamp = long.Parse(request.Header("X-Fleet-Timestamp"), CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, before, after);
        Assert.Equal(Sent.DeliveryKey, request.Header("Idempotency-Key"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(ExpectedSignature(timestamp, request.Body), request.Header("X-Fleet-Signature"));
        var json = request.Json;
        Assert.Equal(Sent.Id, json.GetProperty("id").GetString());
        Assert.Equal(Sent.DeliveryKey, json.GetProperty("delivery_key").GetString());
        Assert.Equal(Sent.UserId, json.GetProperty("user_id").GetString());
        Assert.Equal(Sent.Topic, json.GetProperty("topic").GetString());
        Assert.Equal(Sent.Subject, json.GetProperty("subject").GetString());
        Assert.Equal(Sent.Body, json.GetProperty("body").GetString());
        Assert.Equal(Sent.Reference, json.GetProperty("reference").GetString());
        Assert.Equal(Sent.Timestamp, json.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task DeliverAsync_503ThenSuccess_RetriesTheSameSignedRequest()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503, 200);
        await using var services = NotifierServices.Build();

        var outcome = await Deliver(services, receiver.Url);

        Assert.Equal(ChannelOutcome.Success(NotificationChannel.Webhook, 2), outcome);
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(receiver.Requests[0].Body, receiver.Requests[1].Body);
        Assert.Equal(receiver.Requests[0].Header("X-Fleet-Signature"), receiver.Requests[1].Header("X-Fleet-Signature"));
        Assert.Equal(Sent.DeliveryKey, receiver.Requests[1].Header("Idempotency-Key"));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(410)]
    public async Task DeliverAsync_Permanent4xx_IsRejectedAfterOneAttempt(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync(status);
        await using var services = NotifierServices.Build();

        var outcome = await Deliver(services, receiver.Url);

        Assert.Equal((FailureReasons.Rejected, 1), (outcome.Reason, outcome.Attempts));
        Assert.Single(receiver.Requests);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(408)]
    [InlineData(500)]
    public async Task DeliverAsync_TransientEveryTime_IsUnreachableAfterMaxAttempts(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync(status);
        await using var services = NotifierServices.Build(new Dictionary<string, string?> { ["Notifier:Webhook:MaxAttempts"] = "3" });

        var outcome = await Deliver(services, receiver.Url);

        Assert.Equal((FailureReasons.Unreachable, 3), (outcome.Reason, outcome.Attempts));
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task DeliverAsync_ReceiverNeverAnswers_EachAttemptTimesOut()
    {
        // The receiver holds every request until the client gives up (or the test ends).
        await using var receiver = await WebhookReceiver.StartAsync(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return 200;
        });
        await using var services = NotifierServices.Build(new Dictionary<string, string?>
        {
            ["Notifier:Webhook:MaxAttempts"] = "2",
            ["Notifier:Webhook:Timeout"] = "00:00:00.300",
        });

        var outcome = await Deliver(services, receiver.Url);

        Assert.Equal((FailureReasons.Unreachable, 2), (outcome.Reason, outcome.Attempts));
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task DeliverAsync_NothingListening_IsUnreachableAfterMaxAttempts()
    {
        await using var services = NotifierServices.Build(new Dictionary<string, string?> { ["Notifier:Webhook:MaxAttempts"] = "2" });
        Uri closed;
        await using (var receiver = await WebhookReceiver.StartAsync(200))
        {
            closed = receiver.Url;
        }

        var outcome = await Deliver(services, closed);

        Assert.Equal((FailureReasons.Unreachable, 2), (outcome.Reason, outcome.Attempts));
    }

    [Fact]
    public async Task DeliverAsync_WebhooksOff_IsNotConfigured()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        await using var services = NotifierServices.Build(new Dictionary<string, string?> { ["Notifier:Webhook:Enabled"] = "false" });

        var outcome = await Deliver(services, receiver.Url);

        Assert.Equal((FailureReasons.NotConfigured, 0), (outcome.Reason, outcome.Attempts));
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task DeliverAsync_NoUrl_IsNoAddress()
    {
        await using var services = NotifierServices.Build();
        var preferences = new UserPreferences([NotificationChannel.Webhook], null, null, null);

        var outcome = await services.Channel(NotificationChannel.Webhook).DeliverAsync(Sent, preferences, TestContext.Current.CancellationToken);

        Assert.Equal(FailureReasons.NoAddress, outcome.Reason);
    }

    private static ValueTask<ChannelOutcome> Deliver(IServiceProvider services, Uri url) =>
        services.Channel(NotificationChannel.Webhook).DeliverAsync(
            Sent, new UserPreferences([NotificationChannel.Webhook], url.ToString(), null, null), TestContext.Current.CancellationToken);

    // The receiver's recipe (docs/services/notifier.md), with the test's own HMAC.
    private static string ExpectedSignature(long timestamp, byte[] body)
    {
        var message = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".").Concat(body).ToArray();
        return "sha256=" + Convert.ToHexStringLower(ReferenceHmac.Sha256(Encoding.UTF8.GetBytes(NotifierServices.Secret), message));
    }
}
