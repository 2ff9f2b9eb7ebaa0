using System.Globalization;
using Fleet.Contracts;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Demo.Market;

/// <summary>
/// A user's price alert: the demo user subscribes (<c>alert.subscribed</c> on user.events) to a threshold the replay
/// crosses a few seconds later (found in the sample), market-monitor stores it, the crossing tick makes one
/// <c>notification.requested</c> (topic <c>market.price_alert</c>), and notifier delivers it once by webhook and once by
/// e-mail. The alert is then unsubscribed, so later crossings do not notify.
/// </summary>
internal sealed class PriceAlertStep(
    IEventPublisher publisher,
    RedisClient redis,
    ContractKeys keys,
    MarketWatch watch,
    TickSample sample,
    Journeys journeys,
    StepChecks checks,
    Narrator narrator,
    DemoOptions options)
{
    private const int Attempts = 3;
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StoreWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(60);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        narrator.Heading($"Market: a price alert of {options.UserId}, crossed by the replay, notified once");
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await TryAsync(attempt, cancellationToken))
            {
                return;
            }
        }

        checks.Add(narrator, false, $"price alert crossing notified once ({Attempts} attempts, see above)");
    }

    /// <summary>One subscription; false when it must be tried again (no crossing found, or the replay passed it first).</summary>
    private async Task<bool> TryAsync(int attempt, CancellationToken cancellationToken)
    {
        // The busiest symbol and its tick rate now: the threshold is one the replay reaches after ~5 s of its ticks.
        var before = watch.Symbols().OrderByDescending(s => s.Count).FirstOrDefault();
        if (before is null)
        {
            narrator.Verdict(false, "no ticks to plan a price alert on");
            return false;
        }

        await Task.Delay(RateWindow, narrator.Time, cancellationToken);
        var now = watch.Symbols().First(s => s.Symbol == before.Symbol);
        var rate = (now.LastSequence - before.LastSequence) / RateWindow.TotalSeconds;
        var lead = (int)Math.Max(10, Math.Ceiling(rate * Lead.TotalSeconds));
        var planned = sample.FindCrossing(now.Symbol, now.LastTime, now.LastPrice, lead);
        if (planned is null)
        {
            narrator.Say($"attempt {attempt}: no crossing of {now.Symbol} found in the sample after tick {now.LastSequence} ({now.LastPrice} at {now.LastTime:u})");
            return false;
        }

        var crossingSequence = now.LastSequence + planned.TicksAhead;
        var alertId = DemoIds.NewId();
        var direction = planned.Direction == PriceAlertDirection.Above ? "above" : "below";
        var started = narrator.Time.GetTimestamp();
        await publisher.PublishAsync(
            FleetStreams.User,
            new PriceAlertSubscribed(alertId, options.UserId, planned.Symbol, planned.Direction, planned.Threshold),
            new PublishOptions { UserId = options.UserId },
            cancellationToken);
        narrator.Step(planned.Symbol, "alert asked", TimeSpan.Zero, Invariant($"alert.subscribed {alertId}: {planned.Symbol} {direction} {planned.Threshold} (now {planned.From}; the sample reaches {planned.CrossingPrice} {planned.TicksAhead} ticks on, ~{planned.TicksAhead / Math.Max(rate, 0.1):0.0} s at {rate:0.#} ticks/s)"));

        // market-monitor keeps the symbol's alerts in one hash, field a:{alert id}, once the subscription is applied.
        var alertsKey = keys.PriceAlerts(planned.Symbol);
        var stored = await Waiting.UntilAsync(
            async () => await redis.HashExistsAsync(alertsKey, "a:" + alertId, cancellationToken),
            StoreWait,
            narrator.Time,
            cancellationToken);
        var position = watch.Symbols().First(s => s.Symbol == planned.Symbol).LastSequence;
        if (stored)
        {
            narrator.Step(planned.Symbol, "alert stored", narrator.Time.GetElapsedTime(started), $"in {alertsKey}, at tick {position} (the crossing is tick {crossingSequence})");
        }

        // The first tick after the subscription only records which side of the threshold the price is on (PriceAlertBook):
        // at least one tick must come between the store and the crossing.
        if (!stored || position >= crossingSequence - 2)
        {
            narrator.Say(stored ? $"attempt {attempt}: the replay passed the crossing before the alert was stored; again" : $"attempt {attempt}: the alert is not in {alertsKey} after {StoreWait.TotalSeconds:0} s");
            await UnsubscribeAsync(alertId, planned.Symbol, cancellationToken);
            if (!stored)
            {
                checks.Add(narrator, false, $"price alert {alertId} stored by market-monitor in {alertsKey}");
                return true;
            }

            return false;
        }

        checks.Add(narrator, true, Invariant($"price alert subscribed ({planned.Symbol} {direction} {planned.Threshold}) and stored by market-monitor"));
        await FollowAsync(alertId, planned, started, cancellationToken);
        return true;
    }

    private async Task FollowAsync(string alertId, PlannedCrossing planned, long started, CancellationToken cancellationToken)
    {
        var crossed = await Waiting.UntilAsync(() => Requests(alertId).Count > 0, DeliveryWait, narrator.Time, cancellationToken);

        // At once, so a later crossing back and forth does not notify again while the deliveries are followed.
        await UnsubscribeAsync(alertId, planned.Symbol, cancellationToken);
        var request = Requests(alertId).FirstOrDefault();
        if (!crossed || request is null)
        {
            checks.Add(narrator, false, Invariant($"{planned.Symbol} crossed {planned.Threshold}: a notification.requested (market.price_alert) within {DeliveryWait.TotalSeconds:0} s"));
            return;
        }

        narrator.Step(planned.Symbol, "crossed", narrator.Time.GetElapsedTime(started), $"notification.requested {request.Id} ({MarketWatch.PriceAlertTopic}): \"{request.Data.Subject}\"");
        var deliveryKey = $"{(request.CausationId.Length > 0 ? request.CausationId : request.Id)}:{MarketWatch.PriceAlertTopic}";
        var webhooks = new List<Receivers.ReceivedWebhook>();
        var emails = new List<Receivers.ReceivedEmail>();
        await Waiting.UntilAsync(
            () =>
            {
                var (w, e) = journeys.TakeUnmatched(deliveryKey);
                webhooks.AddRange(w);
                emails.AddRange(e);
                return webhooks.Count > 0 && emails.Count > 0 && Delivered(request.Id).Count >= 2;
            },
            DeliveryWait,
            narrator.Time,
            cancellationToken);

        foreach (var webhook in webhooks)
        {
            narrator.Step(planned.Symbol, "webhook in", narrator.Time.GetElapsedTime(started), webhook.SignatureValid ? $"signature ok, \"{webhook.Subject}\" (Idempotency-Key {webhook.DeliveryKey})" : $"signature REFUSED: {webhook.Problem}");
        }

        foreach (var email in emails)
        {
            narrator.Step(planned.Symbol, "e-mail in", narrator.Time.GetElapsedTime(started), $"to {email.To}: \"{email.Subject}\"");
        }

        var delivered = Delivered(request.Id);
        checks.Add(narrator, true, Invariant($"{planned.Symbol} crossed {planned.Threshold}: notification.requested ({MarketWatch.PriceAlertTopic}) for {options.UserId}"));
        checks.AddLate(() => (Requests(alertId).Count == 1, Invariant($"one notification.requested for the price alert's crossing, none after it (got {Requests(alertId).Count})")));
        checks.Add(
            narrator,
            webhooks.Count == 1 && webhooks[0].SignatureValid && emails.Count == 1 && delivered.Count == 2,
            $"price alert delivered once by webhook (signature ok) and once by e-mail (got {webhooks.Count} webhook(s), {emails.Count} e-mail(s), {delivered.Count} notification.delivered)");
    }

    private List<SeenEvent<NotificationRequested>> Requests(string alertId) =>
        [.. watch.AlertNotifications.Where(n => n.Data.Reference == alertId)];

    private List<SeenEvent<NotificationDelivered>> Delivered(string requestId) =>
        [.. watch.Deliveries.Where(d => d.Data.NotificationId == requestId)];

    private async Task UnsubscribeAsync(string alertId, string symbol, CancellationToken cancellationToken) =>
        await publisher.PublishAsync(
            FleetStreams.User,
            new PriceAlertUnsubscribed(alertId, options.UserId, symbol),
            new PublishOptions { UserId = options.UserId },
            cancellationToken);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
