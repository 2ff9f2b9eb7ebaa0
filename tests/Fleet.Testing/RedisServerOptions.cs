namespace Fleet.Testing;

/// <summary>
/// How <see cref="RedisServer.StartAsync"/> configures the <c>redis-server</c> it starts.
/// The defaults give a plain server: no password, no TLS, no persistence.
/// </summary>
public sealed class RedisServerOptions
{
    /// <summary>
    /// The password of the <c>default</c> user (<c>requirepass</c>). Default <see langword="null"/>:
    /// the default user needs no password.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// The ACL user the harness authenticates as with <see cref="Password"/> (<c>AUTH user password</c>): its readiness
    /// check, <see cref="RedisServer.Url"/>, <see cref="RedisServer.CliAsync"/> and shutdown. Set it when the server's
    /// users come from an <c>aclfile</c> (in <see cref="ExtraConfig"/>) that turns the default user off; no
    /// <c>requirepass</c> is written then. Default <see langword="null"/>: the <c>default</c> user.
    /// </summary>
    public string? User { get; init; }

    /// <summary>Extra ACL users, each written as a <c>user</c> directive. Default: none.</summary>
    public IReadOnlyList<RedisAclUser> AclUsers { get; init; } = [];

    /// <summary>
    /// When <see langword="true"/> the server listens only on a TLS port (<c>port 0</c>, <c>tls-port</c>),
    /// with a server certificate signed by a freshly generated CA (see
    /// <see cref="RedisServer.CaCertificatePath"/>). Clients are not asked for certificates. Default <see langword="false"/>.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>
    /// When <see langword="true"/> the server persists with an append-only file
    /// (<c>appendonly yes</c>, <c>appendfsync always</c>), so every acknowledged write survives
    /// <see cref="RedisServer.KillAsync"/> and <see cref="RedisServer.RestartAsync"/>; RDB snapshots keep Redis's default
    /// save points. Default <see langword="false"/>: nothing is persisted (<c>save ""</c>, <c>appendonly no</c>).
    /// </summary>
    public bool AppendOnly { get; init; }

    /// <summary>
    /// Extra configuration directives, written last as <c>KEY VALUE</c> lines, so they override the
    /// generated ones. The value is written verbatim (quote it yourself if it needs quoting). Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExtraConfig { get; init; } = new Dictionary<string, string>();
}
