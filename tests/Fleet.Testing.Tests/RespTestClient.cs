using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Fleet.Testing.Tests;

/// <summary>
/// A tiny RESP2 client over a raw socket, independent of Fleet.Testing's own probe so the tests check the
/// server, not the code under test talking to itself.
/// </summary>
internal sealed class RespTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly BufferedStream _reader;

    private RespTestClient(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
        _reader = new BufferedStream(stream);
    }

    public static async Task<RespTestClient> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken);
            return new RespTestClient(tcp, tcp.GetStream());
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Connects over TLS, trusting only the CA in <paramref name="caPemPath"/> and checking the host name.</summary>
    public static async Task<RespTestClient> ConnectTlsAsync(string host, int port, string caPemPath, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken);
            var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(caPemPath, certificate, errors),
                },
                cancellationToken);
            return new RespTestClient(tcp, ssl);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public async Task<RespTestReply> SendAsync(params string[] arguments)
    {
        var command = new StringBuilder().Append(CultureInfo.InvariantCulture, $"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            command.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command.ToString()), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        return await ReadAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        _tcp.Dispose();
    }

    private static bool TrustedBy(string caPemPath, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 server || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPemPath));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }

    private async Task<RespTestReply> ReadAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        var kind = line[0];
        var rest = line[1..];
        if (kind == '$')
        {
            var length = int.Parse(rest, CultureInfo.InvariantCulture);
            if (length < 0)
            {
                return new RespTestReply(kind, null);
            }

            var bytes = new byte[length + 2];
            await _reader.ReadExactlyAsync(bytes, cancellationToken);
            return new RespTestReply(kind, Encoding.UTF8.GetString(bytes, 0, length));
        }

        return new RespTestReply(kind, rest);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _reader.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }
    }
}
