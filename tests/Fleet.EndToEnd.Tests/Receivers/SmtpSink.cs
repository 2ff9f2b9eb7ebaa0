using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fleet.Testing;
using Fleet.Testing.Processes;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Fleet.EndToEnd.Tests.Receivers;

/// <summary>
/// An SMTP server (SmtpServer) on a loopback port, without TLS or authentication, that accepts every message and
/// records its recipients and the headers the tests read. notifier is pointed at it with <c>Notifier__Smtp__Security=None</c>.
/// </summary>
internal sealed class SmtpSink : IMessageStore, IAsyncDisposable
{
    private const int BindAttempts = 5;

    private readonly ConcurrentQueue<ReceivedEmail> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    private SmtpSink()
    {
    }

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedEmail> Messages => [.. _messages];

    /// <summary>Starts the server on a free port and returns once it greets a client (220).</summary>
    public static async Task<SmtpSink> StartAsync(CancellationToken cancellationToken)
    {
        var sink = new SmtpSink();
        for (var attempt = 1; ; attempt++)
        {
            sink.Port = FreePort.Next();
            var options = new SmtpServerOptionsBuilder()
                .ServerName("localhost")
                .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, sink.Port)))
                .Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(sink);
            sink._run = new SmtpServer.SmtpServer(options, services).StartAsync(sink._stop.Token);
            try
            {
                await Eventually.TrueAsync(() => sink.GreetsAsync(cancellationToken), $"the SMTP sink greets on port {sink.Port}").ConfigureAwait(false);
                return sink;
            }
            catch (InvalidOperationException) when (attempt < BindAttempts)
            {
                // Another process took the port between FreePort.Next and the bind: try another one.
            }
        }
    }

    /// <summary>The messages whose <c>X-Fleet-Delivery-Key</c> is <paramref name="deliveryKey"/>.</summary>
    public IReadOnlyList<ReceivedEmail> WithKey(string deliveryKey) => [.. _messages.Where(m => m.DeliveryKey == deliveryKey)];

    public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var headers = ReadHeaders(Encoding.UTF8.GetString(buffer));
        _messages.Enqueue(new ReceivedEmail(
            [.. transaction.To.Select(mailbox => mailbox.User + "@" + mailbox.Host)],
            headers.GetValueOrDefault("X-Fleet-Delivery-Key"),
            headers.GetValueOrDefault("Subject")));
        return Task.FromResult(SmtpResponse.Ok);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The way it stops.
        }

        _stop.Dispose();
    }

    /// <summary>The header section (up to the first empty line), unfolded (RFC 5322 2.2.3), first occurrence of each name.</summary>
    private static Dictionary<string, string> ReadHeaders(string message)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        var value = new StringBuilder();
        foreach (var line in message.Split("\r\n"))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t' && name is not null)
            {
                value.Append(line);
                continue;
            }

            if (name is not null)
            {
                headers.TryAdd(name, value.ToString().Trim());
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Length == 0 || colon <= 0)
            {
                break;
            }

            name = line[..colon];
            value.Clear().Append(line, colon + 1, line.Length - colon - 1);
        }

        return headers;
    }

    private async Task<bool> GreetsAsync(CancellationToken cancellationToken)
    {
        if (_run.IsFaulted)
        {
            throw new InvalidOperationException($"The SMTP sink could not listen on port {Port}.", _run.Exception);
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            var greeting = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            return greeting?.StartsWith("220", StringComparison.Ordinal) == true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
