using System.Globalization;
using System.Text;
using Fleet.Testing.Tls;

namespace Fleet.Testing.Configuration;

/// <summary>Renders the <c>redis.conf</c> a test server starts with.</summary>
internal static class RedisConfigFile
{
    /// <summary>The log file name inside the server directory.</summary>
    public const string LogFileName = "redis.log";

    /// <summary>The directive naming an ACL file; redis-server refuses it together with <c>user</c> directives.</summary>
    public const string AclFile = "aclfile";

    /// <summary>The configuration file name inside the server directory.</summary>
    public const string ConfigFileName = "redis.conf";

    /// <summary>Renders the configuration text.</summary>
    /// <param name="options">What the caller asked for.</param>
    /// <param name="directory">The server's working directory (<c>dir</c>), also home of the log file.</param>
    /// <param name="port">The port clients use: <c>port</c>, or <c>tls-port</c> when <paramref name="tls"/> is set.</param>
    /// <param name="tls">The certificate files, or <see langword="null"/> for a plain-text server.</param>
    public static string Render(RedisServerOptions options, string directory, int port, TlsFiles? tls)
    {
        var text = new StringBuilder();
        Line(text, "bind 127.0.0.1");
        Line(text, "protected-mode no");
        Line(text, "daemonize no");
        Line(text, $"dir {Quote(directory)}");
        Line(text, $"logfile {Quote(Path.Combine(directory, LogFileName))}");

        if (tls is null)
        {
            Line(text, $"port {port}");
        }
        else
        {
            // A TLS-only server: the plain port is disabled so nothing can bypass TLS.
            Line(text, "port 0");
            Line(text, $"tls-port {port}");
            Line(text, $"tls-cert-file {Quote(tls.CertificatePath)}");
            Line(text, $"tls-key-file {Quote(tls.KeyPath)}");
            Line(text, $"tls-ca-cert-file {Quote(tls.CaCertificatePath)}");
            Line(text, "tls-auth-clients no");
        }

        if (options.AppendOnly)
        {
            // fsync after every write: a SIGKILL right after a reply must not lose the write.
            Line(text, "appendonly yes");
            Line(text, "appendfsync always");
        }
        else
        {
            Line(text, "save \"\"");
            Line(text, "appendonly no");
        }

        if (options.Password is not null && options.User is null)
        {
            Line(text, $"requirepass {Quote(options.Password)}");
        }

        if (options.AclUsers.Count > 0 && options.ExtraConfig.ContainsKey(AclFile))
        {
            // redis-server refuses to start with both ("Configuring Redis with users defined in redis.conf and at the
            // same setting an ACL file path is invalid"): say so before it starts.
            throw new ArgumentException("RedisServerOptions.AclUsers and an 'aclfile' in ExtraConfig cannot be combined: put every user in the ACL file.", nameof(options));
        }

        foreach (var user in options.AclUsers)
        {
            Line(text, UserDirective(user));
        }

        foreach (var (key, value) in options.ExtraConfig)
        {
            Line(text, $"{key} {value}");
        }

        return text.ToString();
    }

    /// <summary>
    /// Quotes a value the way the config parser (<c>sdssplitargs</c>) reads double-quoted strings,
    /// so passwords and paths with spaces, quotes or backslashes survive.
    /// </summary>
    public static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                case < ' ' or '\x7f':
                    quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    break;
                default:
                    quoted.Append(c);
                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    private static string UserDirective(RedisAclUser user)
    {
        if (string.IsNullOrEmpty(user.Name) || user.Name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"ACL user name '{user.Name}' must be non-empty and contain no whitespace.", nameof(user));
        }

        ArgumentNullException.ThrowIfNull(user.Password);
        var rules = (user.Rules ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var directive = new StringBuilder("user ").Append(Quote(user.Name)).Append(" on ").Append(Quote(">" + user.Password));
        foreach (var rule in rules)
        {
            directive.Append(' ').Append(Quote(rule));
        }

        return directive.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
