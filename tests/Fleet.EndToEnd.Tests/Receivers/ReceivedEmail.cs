namespace Fleet.EndToEnd.Tests.Receivers;

/// <summary>One message the SMTP sink accepted.</summary>
/// <param name="Recipients">The envelope recipients (RCPT TO), as <c>user@host</c>.</param>
/// <param name="DeliveryKey">The <c>X-Fleet-Delivery-Key</c> header: notifier's delivery key.</param>
/// <param name="Subject">The <c>Subject</c> header as written (possibly RFC 2047 encoded).</param>
internal sealed record ReceivedEmail(IReadOnlyList<string> Recipients, string? DeliveryKey, string? Subject);
