using System.Globalization;

namespace Fleet.Redis;

/// <summary>
/// Where and how to connect. Usually made from a URL with <see cref="Parse"/>:
/// <c>redis://[user:password@]host:port[/db]</c>, <c>rediss://…</c> for TLS, or <c>unix:///path/to/redis.sock</c>,
/// with optional query settings <c>?protocol=2&amp;client_name=x&amp;connect_timeout=5s&amp;timeout=5s&amp;tls_ca=/ca.pem&amp;tls_insecure=true</c>.
/// </summary>
public sealed record RedisClientOptions
{
    /// <summary>Host name or IP address. Default <c>localhost</c>.</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>TCP port. Default 6379.</summary>
    public int Port { get; init; } = 6379;

    /// <summary>Path of a Unix domain socket; when set, <see cref="Host"/> and <see cref="Port"/> are not used.</summary>
    public string? UnixSocketPath { get; init; }

    /// <summary>Connect with TLS (<c>rediss://</c>). Default false.</summary>
    public bool UseTls { get; init; }

    /// <summary>A PEM file of the CA that signed the server's certificate, when it is not in the system store.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>Accept any server certificate. Only for tests; never the default.</summary>
    public bool TlsSkipVerify { get; init; }

    /// <summary>ACL user name; null means the <c>default</c> user.</summary>
    public string? User { get; init; }

    /// <summary>Password for <see cref="User"/>, or the <c>requirepass</c> password.</summary>
    public string? Password { get; init; }

    /// <summary>Database index selected after connecting. Default 0.</summary>
    public int Database { get; init; }

    /// <summary>Name shown by CLIENT LIST (set with HELLO SETNAME / CLIENT SETNAME). Default none.</summary>
    public string? ClientName { get; init; }

    /// <summary>Protocol to ask for. Default RESP3, falling back to RESP2 on servers without HELLO.</summary>
    public RedisProtocol Protocol { get; init; } = RedisProtocol.Resp3;

    /// <summary>Time allowed to open the socket, finish TLS and the handshake. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time a command waits for its reply (blocking commands add their BLOCK time). Default 5 s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command issued while the connection is down waits for it to come back before failing. Default 5 s.</summary>
    public TimeSpan ReconnectWaitTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay; later ones grow exponentially with jitter. Default 100 ms.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Largest reconnect delay. Default 1 s: a server that comes back is found within about a second (DESIGN.md:
    /// a service comes back at full speed by itself); a connection attempt costs the server one accept and a HELLO.
    /// </summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Idle time before TCP keep-alive probes start (three probes, a third of this apart), so a half-open
    /// connection is noticed and replaced within about twice this. Default 15 s.
    /// </summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Most dedicated connections for blocking commands (XREAD / XREADGROUP with BLOCK). Default 8.</summary>
    public int MaxBlockingConnections { get; init; } = 8;

    /// <summary>Pub/Sub messages each subscription buffers before new ones are dropped (and counted). Default 10 000.</summary>
    public int SubscriptionBufferCapacity { get; init; } = 10_000;

    /// <summary>The clock for timeouts and backoff; tests substitute their own.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Parses a Redis URL into options; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static RedisClientOptions Parse(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new FormatException($"'{Redact(url)}' is not a Redis URL; expected redis://[user:password@]host:port[/db], rediss://… or unix:///path.");
        }

        var options = uri.Scheme switch
        {
            "redis" => new RedisClientOptions(),
            "rediss" => new RedisClientOptions { UseTls = true },
            "unix" => new RedisClientOptions { UnixSocketPath = Uri.UnescapeDataString(uri.AbsolutePath) },
            _ => throw new FormatException($"Unsupported Redis URL scheme '{uri.Scheme}'; use redis://, rediss:// or unix://."),
        };

        if (options.UnixSocketPath is null)
        {
            if (string.IsNullOrEmpty(uri.Host))
            {
                throw new FormatException($"Redis URL '{Redact(url)}' has no host.");
            }

            options = options with
            {
                Host = uri.Host.Trim('[', ']'),
                Port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port,
                Database = ParseDatabase(uri.AbsolutePath, url),
            };
        }

        options = WithCredentials(options, uri.UserInfo);
        return WithQuery(options, uri.Query, url);
    }

    /// <summary>Checks every value and throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (UnixSocketPath is null && string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Redis Host must not be empty.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Redis Port must be 1-65535, not {Port}.", nameof(Port));
        }

        if (Database < 0)
        {
            throw new ArgumentException($"Redis Database must be 0 or more, not {Database}.", nameof(Database));
        }

        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(CommandTimeout, nameof(CommandTimeout));
        RequirePositive(ReconnectWaitTimeout, nameof(ReconnectWaitTimeout));
        RequirePositive(KeepAlive, nameof(KeepAlive));
        RequirePositive(ReconnectInitialDelay, nameof(ReconnectInitialDelay));
        RequirePositive(ReconnectMaxDelay, nameof(ReconnectMaxDelay));
        if (MaxBlockingConnections < 1)
        {
            throw new ArgumentException($"Redis MaxBlockingConnections must be at least 1, not {MaxBlockingConnections}.", nameof(MaxBlockingConnections));
        }

        if (SubscriptionBufferCapacity < 1)
        {
            throw new ArgumentException($"Redis SubscriptionBufferCapacity must be at least 1, not {SubscriptionBufferCapacity}.", nameof(SubscriptionBufferCapacity));
        }

        if (TlsCaFile is not null && !File.Exists(TlsCaFile))
        {
            throw new ArgumentException($"Redis TlsCaFile '{TlsCaFile}' does not exist.", nameof(TlsCaFile));
        }
    }

    /// <summary>The endpoint for messages: host:port or the socket path; never the password.</summary>
    public override string ToString() => UnixSocketPath ?? $"{(UseTls ? "rediss" : "redis")}://{Host}:{Port}/{Database}";

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Redis {name} must be positive, not {value}.", name);
        }
    }

    private static int ParseDatabase(string path, string url)
    {
        var text = path.Trim('/');
        if (text.Length == 0)
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var database)
            ? database
            : throw new FormatException($"Redis URL '{Redact(url)}' has database '{text}'; it must be a number.");
    }

    private static RedisClientOptions WithCredentials(RedisClientOptions options, string userInfo)
    {
        if (userInfo.Length == 0)
        {
            return options;
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            // redis://password@host is how some tools write a bare requirepass password.
            return options with { Password = Uri.UnescapeDataString(userInfo) };
        }

        var user = Uri.UnescapeDataString(userInfo[..colon]);
        return options with
        {
            User = user.Length == 0 ? null : user,
            Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]),
        };
    }

    private static RedisClientOptions WithQuery(RedisClientOptions options, string query, string url)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            options = key switch
            {
                "protocol" => options with { Protocol = value == "2" ? RedisProtocol.Resp2 : value == "3" ? RedisProtocol.Resp3 : throw Bad(key, value, url, "2 or 3") },
                "client_name" => options with { ClientName = value },
                "connect_timeout" => options with { ConnectTimeout = ParseDuration(key, value, url) },
                "timeout" => options with { CommandTimeout = ParseDuration(key, value, url) },
                "db" => options with { Database = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var db) ? db : throw Bad(key, value, url, "a number") },
                "tls_ca" => options with { TlsCaFile = value },
                "tls_insecure" => options with { TlsSkipVerify = bool.TryParse(value, out var insecure) ? insecure : throw Bad(key, value, url, "true or false") },
                _ => throw new FormatException($"Redis URL '{Redact(url)}' has unknown setting '{key}'; known: protocol, client_name, connect_timeout, timeout, db, tls_ca, tls_insecure."),
            };
        }

        return options;
    }

    private static TimeSpan ParseDuration(string key, string value, string url)
    {
        // "5s", "250ms" or plain milliseconds.
        var (number, scale) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : (value, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0
            ? TimeSpan.FromMilliseconds(amount * scale)
            : throw Bad(key, value, url, "a duration such as 5s or 250ms");
    }

    private static FormatException Bad(string key, string value, string url, string expected) =>
        new($"Redis URL '{Redact(url)}' has {key}='{value}'; expected {expected}.");

    /// <summary>The URL with any password replaced, for error messages.</summary>
    internal static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        // The credentials end at the last '@' before the query: a password may hold an unescaped '@' or '/' of its own,
        // and neither a host nor a database path holds an '@'.
        var authorityStart = scheme + 3;
        var authorityEnd = url.AsSpan(authorityStart).IndexOfAny('?', '#') is var end and >= 0 ? authorityStart + end : url.Length;
        var at = url.AsSpan(authorityStart, authorityEnd - authorityStart).LastIndexOf('@');
        return at >= 0 ? string.Concat(url.AsSpan(0, authorityStart), "***", url.AsSpan(authorityStart + at)) : url;
    }
}
