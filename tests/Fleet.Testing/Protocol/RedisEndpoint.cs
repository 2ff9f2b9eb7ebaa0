namespace Fleet.Testing.Protocol;

/// <summary>Where a test server listens and how the default user gets in.</summary>
/// <param name="Host">The address, always 127.0.0.1.</param>
/// <param name="Port">The port clients use (the TLS port for a TLS server).</param>
/// <param name="Password">The password of <paramref name="User"/>, or <see langword="null"/>.</param>
/// <param name="CaCertificatePath">The CA to trust for TLS, or <see langword="null"/> for plain text.</param>
/// <param name="User">The ACL user, or <see langword="null"/> for the default user.</param>
internal sealed record RedisEndpoint(string Host, int Port, string? Password, string? CaCertificatePath, string? User = null)
{
    /// <summary>Connects and, when a password is set, authenticates (AUTH [user] password).</summary>
    /// <exception cref="IOException">AUTH was refused.</exception>
    public async Task<RespConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await RespConnection.ConnectAsync(Host, Port, CaCertificatePath, cancellationToken).ConfigureAwait(false);
        try
        {
            if (Password is not null)
            {
                var reply = User is null
                    ? await connection.SendAsync(cancellationToken, "AUTH", Password).ConfigureAwait(false)
                    : await connection.SendAsync(cancellationToken, "AUTH", User, Password).ConfigureAwait(false);
                if (reply.IsError)
                {
                    throw new IOException($"AUTH failed: {reply.Text}");
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
