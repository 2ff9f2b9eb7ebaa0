using System.Net;
using System.Net.Sockets;
using System.Text;
using Fleet.EndToEnd.Tests.Receivers;

namespace Fleet.EndToEnd.Tests.Harness;

/// <summary>The SMTP sink records a message sent by a plain SMTP conversation, with its recipients and headers.</summary>
public sealed class SmtpSinkTests
{
    [Fact]
    public async Task SaveAsync_MessageWithFoldedHeaders_RecordsRecipientsDeliveryKeyAndSubject()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = await SmtpSink.StartAsync(ct);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, sink.Port, ct);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };

        await ExpectAsync(reader, "220", ct);
        foreach (var (command, reply) in new[]
        {
            ("HELO test", "250"),
            ("MAIL FROM:<fleet@example.com>", "250"),
            ("RCPT TO:<user@example.com>", "250"),
            ("DATA", "354"),
            ("From: fleet@example.com\r\nTo: user@example.com\r\nSubject: Your file\r\n is ready\r\nX-Fleet-Delivery-Key: 01J:file.processed\r\n\r\nBody.\r\n.", "250"),
        })
        {
            await writer.WriteLineAsync(command.AsMemory(), ct);
            await ExpectAsync(reader, reply, ct);
        }

        var message = Assert.Single(sink.Messages);
        Assert.Equal(["user@example.com"], message.Recipients);
        Assert.Equal("01J:file.processed", message.DeliveryKey);
        Assert.Equal("Your file is ready", message.Subject);
    }

    private static async Task ExpectAsync(StreamReader reader, string code, CancellationToken ct)
    {
        string? line;
        do
        {
            line = await reader.ReadLineAsync(ct);
        }
        while (line is not null && line.Length > 3 && line[3] == '-'); // multi-line replies: "250-..." until "250 ..."

        Assert.StartsWith(code, line, StringComparison.Ordinal);
    }
}
