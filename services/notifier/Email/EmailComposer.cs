using System.Security.Cryptography;
using System.Text;
using Fleet.Notifier.Delivery;
using MimeKit;

namespace Fleet.Notifier.Email;

/// <summary>Builds the e-mail of a notification: its subject and body as plain text, and the delivery key.</summary>
internal static class EmailComposer
{
    public const string DeliveryKeyHeader = "X-Fleet-Delivery-Key";

    public static MimeMessage Compose(Notification notification, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var message = new MimeMessage
        {
            Subject = notification.Subject,
            Date = notification.Timestamp,
            // The same delivery key gives the same Message-ID, so a repeat after a kill (docs: "What stays at-least-once")
            // is one message to mail clients and archives that thread or dedupe by it.
            MessageId = MessageId(notification.DeliveryKey),
            Body = new TextPart("plain") { Text = notification.Body },
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add(DeliveryKeyHeader, notification.DeliveryKey);
        return message;
    }

    private static string MessageId(string deliveryKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)))[..32] + "@notifier.fleet";
}
