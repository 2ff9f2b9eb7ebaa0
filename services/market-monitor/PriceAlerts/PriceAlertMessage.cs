using System.Globalization;
using Fleet.Contracts;

namespace Fleet.MarketMonitor.PriceAlerts;

/// <summary>The <c>notification.requested</c> of a crossing: topic <c>market.price_alert</c>, reference = the alert id.</summary>
internal static class PriceAlertMessage
{
    public const string Topic = "market.price_alert";

    public static NotificationRequested For(PriceAlertCrossing crossing)
    {
        ArgumentNullException.ThrowIfNull(crossing);
        var (verb, side) = crossing.Direction == PriceAlertDirection.Above ? ("rose to", "above") : ("fell to", "below");
        var subject = string.Create(CultureInfo.InvariantCulture, $"{crossing.Symbol} {verb} {crossing.Price} ({side} your alert at {crossing.Threshold})");
        var body = string.Create(
            CultureInfo.InvariantCulture,
            $"{crossing.Symbol} traded at {crossing.Price} at {crossing.Time:yyyy-MM-dd HH:mm:ss} UTC (tick {crossing.Sequence}), crossing your price alert {crossing.AlertId} ({side} {crossing.Threshold}). You are told again only after the price has gone back and crosses once more.");
        return new NotificationRequested(crossing.UserId, Topic, subject, body, crossing.AlertId);
    }
}
