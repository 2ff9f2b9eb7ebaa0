using Fleet.Redis.Protocol;

namespace Fleet.Redis.Connections;

/// <summary>
/// Opening a connection: socket (and TLS), then HELLO 3 with AUTH and SETNAME in one round trip;
/// a server without HELLO (Redis &lt; 6) or without RESP3 gets AUTH and CLIENT SETNAME over RESP2.
/// </summary>
internal sealed partial class RedisConnection
{
    /// <summary>Opens, authenticates and selects the database; throws <see cref="RedisConnectionException"/> on any failure.</summary>
    public static async Task<RedisConnection> ConnectAsync(RedisClientOptions options, PushHandler? pushHandler, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        RedisConnection? connection = null;
        try
        {
            var (socket, stream) = await EndpointConnector.OpenAsync(options, timeout.Token).ConfigureAwait(false);
            connection = new RedisConnection(socket, stream, options, pushHandler);
            connection.StartReading();
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            throw new RedisConnectionException($"Connecting to Redis at {options} took longer than {options.ConnectTimeout.TotalMilliseconds:0} ms (ConnectTimeout).");
        }
        catch
        {
            await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends a command on this connection and awaits its reply; a failed connection throws.</summary>
    public ValueTask<T> SendAsync<T>(CommandWriter command, IResultParser<T> parser, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return TrySend(command, parser, timeout, cancellationToken, out var reply)
                ? reply
                : ValueTask.FromException<T>(_failure!);
        }
        finally
        {
            command.Return();
        }
    }

    private static async Task DisposeQuietlyAsync(RedisConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var helloDone = false;
        if (_options.Protocol == RedisProtocol.Resp3)
        {
            try
            {
                var hello = await SendAsync(HelloCommand(), HelloParser.Instance, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
                Protocol = hello >= 3 ? RedisProtocol.Resp3 : RedisProtocol.Resp2;
                helloDone = true;
            }
            catch (RedisServerException ex) when (ex.Is("NOPROTO") || ex.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
            {
                // Redis < 6 has no HELLO, and a server may refuse RESP3: continue with RESP2 below.
            }
            catch (RedisServerException ex) when (IsAuthenticationError(ex))
            {
                throw AuthenticationFailed(ex);
            }
            catch (RedisServerException ex)
            {
                throw Refused("HELLO", ex);
            }
        }

        if (!helloDone)
        {
            await Resp2HandshakeAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_options.Database != 0)
        {
            var select = CommandWriter.Start("SELECT", 2);
            select.Write(_options.Database);
            try
            {
                await SendAsync(select, ResultParsers.Ok, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException ex)
            {
                throw Refused($"SELECT {_options.Database}", ex);
            }
        }

        await EnsureServingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A restarted server accepts HELLO, AUTH and SELECT while it still loads its AOF or RDB, then answers every data
    /// command with -LOADING. PING is refused while loading, so it tells whether the server serves yet: a -LOADING
    /// (or BUSY, MASTERDOWN, TRYAGAIN) reply fails this attempt as transient and the reconnector tries again, instead
    /// of handing callers a connection whose commands fail. Any other refusal (PING renamed away, a proxy that blocks
    /// it, an ACL without +ping, which Redis checks before loading) is not this check's business: the server answered,
    /// so the connection is used as before, without the loading check.
    /// </summary>
    private async Task EnsureServingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(CommandWriter.Start("PING", 1), ResultParsers.Result, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (IsTransientRefusal(ex))
        {
            throw Refused("PING", ex);
        }
        catch (RedisServerException)
        {
            // Answered but refused for another reason: see above.
        }
    }

    private async Task Resp2HandshakeAsync(CancellationToken cancellationToken)
    {
        Protocol = RedisProtocol.Resp2;
        if (_options.Password is not null)
        {
            var auth = CommandWriter.Start("AUTH", _options.User is null ? 2 : 3);
            if (_options.User is not null)
            {
                auth.Write(_options.User);
            }

            auth.Write(_options.Password);
            try
            {
                await SendAsync(auth, ResultParsers.Ok, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException ex)
            {
                throw AuthenticationFailed(ex);
            }
        }

        if (_options.ClientName is not null)
        {
            var setName = CommandWriter.Start("CLIENT", 3);
            setName.Write("SETNAME"u8);
            setName.Write(_options.ClientName);
            try
            {
                await SendAsync(setName, ResultParsers.Ok, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException ex)
            {
                throw Refused("CLIENT SETNAME", ex);
            }
        }
    }

    private CommandWriter HelloCommand()
    {
        var count = 2 + (_options.Password is null ? 0 : 3) + (_options.ClientName is null ? 0 : 2);
        var hello = CommandWriter.Start("HELLO", count);
        hello.Write(3);
        if (_options.Password is not null)
        {
            hello.Write("AUTH"u8);
            hello.Write(_options.User ?? "default");
            hello.Write(_options.Password);
        }

        if (_options.ClientName is not null)
        {
            hello.Write("SETNAME"u8);
            hello.Write(_options.ClientName);
        }

        return hello;
    }

    private static bool IsAuthenticationError(RedisServerException ex) =>
        ex.Is("WRONGPASS") || ex.Is("NOAUTH") || ex.Is("NOPERM")
        || ex.Message.Contains("invalid password", StringComparison.OrdinalIgnoreCase);

    private RedisConnectionException AuthenticationFailed(RedisServerException ex)
    {
        var who = _options.User ?? "default";
        var detail = _options.Password is null
            ? $"Redis at {_options} requires authentication and no password was given (set it in the URL: redis://user:password@host:port)"
            : $"Redis at {_options} rejected the credentials of user '{who}'";
        return new RedisConnectionException($"{detail}: {ex.Message}", ex, isConfigurationError: true);
    }

    /// <summary>
    /// A handshake step the server refused. A refusal that lasts until someone changes the ACL, the password or the
    /// database number is a configuration error; a server still loading its data or busy with a script is not.
    /// Either way the caller (the reconnector) tries again with backoff.
    /// </summary>
    private RedisConnectionException Refused(string step, RedisServerException ex)
    {
        var transient = IsTransientRefusal(ex);
        var who = _options.User ?? "default";
        var message = transient
            ? $"Redis at {_options} is not ready for {step}: {ex.Message}"
            : $"Redis at {_options} refused {step} for user '{who}' while connecting; check the user's ACL and the client's settings: {ex.Message}";
        return new RedisConnectionException(message, ex, isConfigurationError: !transient);
    }

    /// <summary>A refusal that passes by itself: a server loading its data, busy with a script, or without its primary.</summary>
    private static bool IsTransientRefusal(RedisServerException ex) =>
        ex.Is("LOADING") || ex.Is("BUSY") || ex.Is("MASTERDOWN") || ex.Is("TRYAGAIN");

    /// <summary>The protocol version from HELLO's reply (its <c>proto</c> field).</summary>
    private sealed class HelloParser : IResultParser<int>
    {
        public static readonly HelloParser Instance = new();

        public int Parse(ref RespReader reader)
        {
            var count = reader.ReadAggregateLength();
            var protocol = 2;
            for (var i = 0; i + 1 < count; i += 2)
            {
                if (reader.ReadString() == "proto")
                {
                    protocol = (int)reader.ReadInt64();
                }
                else
                {
                    reader.Skip();
                }
            }

            return protocol;
        }
    }
}
