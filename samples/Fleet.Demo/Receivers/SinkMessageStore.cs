using System.Buffers;
using Fleet.Demo.Scenario;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Fleet.Demo.Receivers;

/// <summary>Parses each accepted message with MimeKit and hands its delivery key, recipients and subject to <see cref="Journeys"/>.</summary>
internal sealed class SinkMessageStore(Journeys journeys, TimeProvider time) : MessageStore
{
    public override async Task<SmtpResponse> SaveAsync(
        ISessionContext context,
        IMessageTransaction transaction,
        ReadOnlySequence<byte> buffer,
        CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        journeys.Email(new ReceivedEmail(
            time.GetUtcNow(),
            message.Headers["X-Fleet-Delivery-Key"] ?? string.Empty,
            string.Join(", ", message.To.Mailboxes.Select(mailbox => mailbox.Address)),
            message.Subject ?? string.Empty));
        return SmtpResponse.Ok;
    }
}
