using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Fleet.Testing.Tls;

namespace Fleet.Testing.Protocol;

/// <summary>
/// A bare RESP2 connection over a raw socket (optionally TLS), enough for PING, AUTH, INFO and SHUTDOWN.
/// Fleet.Testing must not depend on a Redis client library, least of all the one it is used to test.
/// </summary>
internal sealed class RespConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    private RespConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>Connects, and when <paramref name="caCertificatePath"/> is set, negotiates TLS trusting only that CA.</summary>
    public static async Task<RespConnection> ConnectAsync(string host, int port, string? caCertificatePath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (caCertificatePath is not null)
            {
                stream = await AuthenticateAsync(stream, host, caCertificatePath, cancellationToken).ConfigureAwait(false);
            }

            return new RespConnection(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command as an array of bulk strings and reads its reply.</summary>
    public async Task<RespReply> SendAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        await WriteAsync(arguments, cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one command without waiting for a reply (SHUTDOWN answers by closing the connection).</summary>
    public async Task WriteAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var command = new StringBuilder().Append(CultureInfo.InvariantCulture, $"*{arguments.Count}\r\n");
        foreach (var argument in arguments)
        {
            command.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(argument)}\r\n").Append(argument).Append("\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command.ToString()), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private static async Task<Stream> AuthenticateAsync(Stream inner, string host, string caCertificatePath, CancellationToken cancellationToken)
    {
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caCertificatePath, cancellationToken).ConfigureAwait(false));
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    RemoteCertificateValidationCallback = CaCertificateValidator.Create(ca),
                },
                cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<RespReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line.Length == 0)
        {
            throw new IOException("Empty RESP line.");
        }

        var kind = line[0];
        var rest = line[1..];
        switch (kind)
        {
            case '+' or '-' or ':':
                return new RespReply(kind, rest);
            case '$':
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                return new RespReply(kind, length < 0 ? null : Encoding.UTF8.GetString(await ReadExactlyAsync(length + 2, cancellationToken).ConfigureAwait(false), 0, length));
            case '*':
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++)
                {
                    await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
                }

                return new RespReply(kind, null);
            default:
                throw new IOException($"Unexpected RESP type byte '{kind}'.");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var b = _buffer[_start++];
            if (b == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                return Encoding.UTF8.GetString([.. line[..^1]]);
            }

            line.Add(b);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var take = Math.Min(count - filled, _end - _start);
            Array.Copy(_buffer, _start, bytes, filled, take);
            _start += take;
            filled += take;
        }

        return bytes;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        if (_end == 0)
        {
            throw new IOException("The server closed the connection.");
        }
    }
}
