using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Redis.Connections;

/// <summary>Opens the byte stream to the server: TCP, a Unix domain socket, or TLS over TCP.</summary>
internal static class EndpointConnector
{
    public static async Task<(Socket Socket, Stream Stream)> OpenAsync(RedisClientOptions options, CancellationToken cancellationToken)
    {
        Socket socket;
        if (options.UnixSocketPath is { } path)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await ConnectAsync(socket, new UnixDomainSocketEndPoint(path), options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await ConnectAsync(socket, new System.Net.DnsEndPoint(options.Host, options.Port), options, cancellationToken).ConfigureAwait(false);
            EnableKeepAlive(socket, options.KeepAlive);
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (!options.UseTls)
        {
            return (socket, stream);
        }

        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = options.Host,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(options, certificate, errors),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new RedisConnectionException($"TLS handshake with {options} failed: {ex.Message}", ex);
        }

        return (socket, tls);
    }

    /// <summary>
    /// TCP keep-alive probes after <paramref name="idle"/> without traffic, so a connection whose server vanished
    /// without closing it (host gone, network cut) fails within about twice that instead of the OS default of hours.
    /// </summary>
    private static void EnableKeepAlive(Socket socket, TimeSpan idle)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        var seconds = Math.Max(1, (int)idle.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, seconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, Math.Max(1, seconds / 3));
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
    }

    private static async Task ConnectAsync(Socket socket, System.Net.EndPoint endpoint, RedisClientOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RedisConnectionException($"Cannot connect to Redis at {options}: {ex.SocketErrorCode} ({ex.Message}).", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool Validate(RedisClientOptions options, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (options.TlsSkipVerify || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (options.TlsCaFile is null || certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        // Trust exactly the configured CA: the chain must end at it.
        using var authority = X509CertificateLoader.LoadCertificateFromFile(options.TlsCaFile);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(server);
    }
}
