using Fleet.Contracts;
using Fleet.Demo.Receivers;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Demo.Tests;

public sealed class JourneysTests
{
    private const string FileId = "01M8TV678VWN16VBNE7F4MRC8B";
    private const string UploadEventId = "01M8TV679Y3AVVGCSEYDDQMN2R";
    private const string NotificationEventId = "01M8TV6ZZZ3AVVGCSEYDDQMN2R";
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    [Fact]
    public void Webhook_DeliveryKeyNamingTheUploadEvent_IsTheFilesWebhook()
    {
        using var journeys = new Journeys(new Narrator(Clock));
        var journey = Upload(journeys, SampleFile.Scenario[0]);

        journeys.Webhook(Webhook($"{UploadEventId}:file.processed"));

        Assert.Single(journey.Webhooks);
        Assert.Equal(0, journeys.Unmatched);
    }

    [Fact]
    public void Email_ArrivingBeforeItsNotificationWasRead_IsMatchedOnceTheEventIsLinked()
    {
        using var journeys = new Journeys(new Narrator(Clock));
        var journey = Upload(journeys, SampleFile.Scenario[0]);
        journeys.Email(new ReceivedEmail(Clock.GetUtcNow(), $"{NotificationEventId}:file.processed", "demo@fleet.test", "Processed"));
        Assert.Equal(1, journeys.Unmatched);

        lock (journeys.Gate)
        {
            journeys.Link(NotificationEventId, journey);
            journeys.RetryUnmatched();
        }

        Assert.Single(journey.Emails);
        Assert.Equal(0, journeys.Unmatched);
    }

    [Fact]
    public void Webhook_WithUnknownKeyButTheFileIdAsReference_IsTheFilesWebhook()
    {
        using var journeys = new Journeys(new Narrator(Clock));
        var journey = Upload(journeys, SampleFile.Scenario[0]);

        journeys.Webhook(Webhook("no-colon") with { Reference = FileId });

        Assert.Single(journey.Webhooks);
    }

    [Fact]
    public void Steps_GoodFileThatFailed_IsSettledOnceBothChannelsAnsweredButNotComplete()
    {
        using var journeys = new Journeys(new Narrator(Clock));
        var journey = Upload(journeys, SampleFile.Scenario[0]);
        journey.Failed = new FileProcessingFailed(FileId, "demo-user", "report.pdf", "corrupt", "not a PDF");
        Assert.False(journey.Settled);

        Deliver(journey, NotificationChannel.Webhook);
        Deliver(journey, NotificationChannel.Email);

        Assert.True(journey.Settled);
        Assert.False(journey.Complete);
        Assert.Contains(journey.Steps(), step => step.Step == "not failed" && !step.Done);
    }

    [Fact]
    public void Steps_BadFileFailedWithItsReasonDeadLetteredAndNotified_IsComplete()
    {
        using var journeys = new Journeys(new Narrator(Clock));
        var corrupt = SampleFile.Scenario.Single(sample => sample.ExpectedFailure == "corrupt");
        var journey = Upload(journeys, corrupt);
        journey.Failed = new FileProcessingFailed(FileId, "demo-user", corrupt.Name, "corrupt", "not a PDF");
        journey.DeadLetter = "fleet:{contextual.events}:dlq";
        Deliver(journey, NotificationChannel.Webhook);
        Deliver(journey, NotificationChannel.Email);
        Assert.False(journey.Complete);

        journeys.Webhook(Webhook($"{UploadEventId}:file.processing.failed"));
        journeys.Email(new ReceivedEmail(Clock.GetUtcNow(), $"{UploadEventId}:file.processing.failed", "demo@fleet.test", "Could not process"));

        Assert.True(journey.Complete);
    }

    [Fact]
    public void Steps_WebhookWithABadSignature_LeavesTheStepUndone()
    {
        using var journeys = new Journeys(new Narrator(Clock));
        var journey = Upload(journeys, SampleFile.Scenario[0]);

        journeys.Webhook(Webhook($"{UploadEventId}:file.processed") with { SignatureValid = false, Problem = "HMAC does not match" });

        Assert.Contains(journey.Steps(), step => step.Step == "webhook received, signature valid" && !step.Done);
    }

    [Fact]
    public void TakeUnmatched_APriceAlertsDeliveries_AreTakenAndNoLongerUnmatched()
    {
        using var journeys = new Journeys(new Narrator(Clock));
        Upload(journeys, SampleFile.Scenario[0]);
        const string AlertKey = "01M8V2ZHBV3Q3YEXHPYK5DDBZC:market.price_alert";
        journeys.Webhook(Webhook(AlertKey));
        journeys.Email(new ReceivedEmail(Clock.GetUtcNow(), AlertKey, "demo@fleet.test", "ACME rose"));
        journeys.Webhook(Webhook("01M8V2ZHBV3Q3YEXHPYK5DDBZD:market.price_alert"));

        var (webhooks, emails) = journeys.TakeUnmatched(AlertKey);

        Assert.Single(webhooks);
        Assert.Single(emails);
        Assert.Equal(1, journeys.Unmatched);
        Assert.Empty(journeys.TakeUnmatched(AlertKey).Webhooks);
    }

    [Fact]
    public async Task WaitUntilSettledAsync_WakesWhenTheLastStepArrives()
    {
        using var journeys = new Journeys(new Narrator(Clock));
        var journey = Upload(journeys, SampleFile.Scenario.Single(sample => sample.ExpectedFailure == "unsupported_type"));
        var waiting = journeys.WaitUntilSettledAsync(expected: 1, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        lock (journeys.Gate)
        {
            journey.Failed = new FileProcessingFailed(FileId, "demo-user", "image.png", "unsupported_type", "png");
            Deliver(journey, NotificationChannel.Webhook);
            Deliver(journey, NotificationChannel.Email);
        }

        journeys.Pulse();

        Assert.True(await waiting);
    }

    private static FileJourney Upload(Journeys journeys, SampleFile sample)
    {
        var journey = new FileJourney(sample, FileId, "trace", Clock.GetUtcNow());
        journeys.Add(journey);
        journeys.Uploaded(journey, UploadEventId);
        return journey;
    }

    private static void Deliver(FileJourney journey, NotificationChannel channel) =>
        journey.Delivered[channel] = new NotificationDelivered("demo-user", NotificationEventId, channel, 1);

    private static ReceivedWebhook Webhook(string deliveryKey) =>
        new(Clock.GetUtcNow(), deliveryKey, SignatureValid: true, Problem: string.Empty, Reference: string.Empty, Subject: "Processed");
}
