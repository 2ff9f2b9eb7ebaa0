using System.Security.Cryptography;
using Fleet.Testing.Configuration;
using Fleet.Testing.Processes;

namespace Fleet.Testing.Acl;

/// <summary>
/// The fleet's ACL file (<c>deploy/redis/users.acl</c>) rendered for a test by the real <c>deploy/redis/render-acl.sh</c>,
/// with a fresh random password per user, in a temporary directory (deleted on dispose). Start a redis-server on it with
/// <see cref="StartServerAsync"/> (the harness authenticates as <c>admin</c>), give each service process
/// <see cref="UrlFor"/> its own user (the user is named as the service), or hand a process the
/// <c>REDIS_PASSWORD_&lt;USER&gt;</c> variables of <see cref="PasswordVariables"/>.
/// </summary>
/// <example>
/// <code>
/// using var acl = await FleetAclFile.RenderAsync();
/// await using var redis = await acl.StartServerAsync();
/// var url = acl.UrlFor(redis, FleetAclFile.FileProcessor); // redis://file-processor:&lt;password&gt;@127.0.0.1:&lt;port&gt;
/// </code>
/// </example>
public sealed class FleetAclFile : IDisposable
{
    /// <summary>file-processor's user.</summary>
    public const string FileProcessor = ServiceBinaries.FileProcessor;

    /// <summary>embedding-generator's user.</summary>
    public const string EmbeddingGenerator = ServiceBinaries.EmbeddingGenerator;

    /// <summary>market-monitor's user.</summary>
    public const string MarketMonitor = ServiceBinaries.MarketMonitor;

    /// <summary>notifier's user.</summary>
    public const string Notifier = ServiceBinaries.Notifier;

    /// <summary>dead-letter-reaper's user.</summary>
    public const string DeadLetterReaper = ServiceBinaries.DeadLetterReaper;

    /// <summary>event-gateway's user.</summary>
    public const string EventGateway = ServiceBinaries.EventGateway;

    /// <summary>The read-only user of fleetctl's read commands and KEDA's scaler.</summary>
    public const string Operator = "operator";

    /// <summary>The user for migrations, trims and the test harness.</summary>
    public const string Admin = "admin";

    private readonly Dictionary<string, string> _passwords;
    private readonly string _directory;

    private FleetAclFile(string directory, string path, Dictionary<string, string> passwords)
    {
        _directory = directory;
        Path = path;
        _passwords = passwords;
    }

    /// <summary>One user per service, each named as the service (docs/deploy/redis-acl.md).</summary>
    public static IReadOnlyList<string> ServiceUsers { get; } = [FileProcessor, EmbeddingGenerator, MarketMonitor, Notifier, DeadLetterReaper, EventGateway];

    /// <summary>Every user the template enables: the services', <see cref="Operator"/> and <see cref="Admin"/>.</summary>
    public static IReadOnlyList<string> Users { get; } = [.. ServiceUsers, Operator, Admin];

    /// <summary>The rendered ACL file (mode 0600), for redis-server's <c>aclfile</c>.</summary>
    public string Path { get; }

    /// <summary>
    /// Every user's password under its variable name (<c>REDIS_PASSWORD_FILE_PROCESSOR</c> …), as compose and Kubernetes
    /// give them to render-acl.sh, for a process that needs them in its environment.
    /// </summary>
    public IReadOnlyDictionary<string, string> PasswordVariables => _passwords.ToDictionary(p => PasswordVariable(p.Key), p => p.Value, StringComparer.Ordinal);

    /// <summary>The variable render-acl.sh reads <paramref name="user"/>'s password from: <c>REDIS_PASSWORD_</c> and the user upper-snake-cased.</summary>
    public static string PasswordVariable(string user)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return AclRenderScript.VariablePrefix + user.ToUpperInvariant().Replace('-', '_');
    }

    /// <summary>Renders the template with a random 32-hex-digit password per user of <see cref="Users"/>.</summary>
    /// <exception cref="InvalidOperationException">render-acl.sh failed; the message holds its stderr.</exception>
    public static async Task<FleetAclFile> RenderAsync(CancellationToken cancellationToken = default)
    {
        var passwords = Users.ToDictionary(user => user, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), StringComparer.Ordinal);
        var directory = Directory.CreateTempSubdirectory("fleet-acl-").FullName;
        var path = System.IO.Path.Combine(directory, "users.acl");
        var acl = new FleetAclFile(directory, path, passwords);
        try
        {
            var run = await AclRenderScript.RunAsync(AclRenderScript.TemplatePath, path, acl.PasswordVariables, cancellationToken).ConfigureAwait(false);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"deploy/redis/render-acl.sh exited with code {run.ExitCode}: {run.StandardError.Trim()}");
            }

            return acl;
        }
        catch
        {
            acl.Dispose();
            throw;
        }
    }

    /// <summary><paramref name="user"/>'s password.</summary>
    /// <exception cref="ArgumentException">The template has no such user.</exception>
    public string PasswordOf(string user) =>
        _passwords.TryGetValue(user, out var password) ? password : throw new ArgumentException($"No ACL user '{user}'; the users are {string.Join(", ", Users)}.", nameof(user));

    /// <summary><paramref name="server"/>'s URL for <paramref name="user"/>: <c>redis://USER:PASSWORD@127.0.0.1:PORT</c>.</summary>
    public string UrlFor(RedisServer server, string user)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.UrlFor(user, PasswordOf(user));
    }

    /// <summary>
    /// Options for a redis-server that loads this file (<c>aclfile</c>, so no other user directive) and that the harness
    /// reaches as <see cref="Admin"/>: its <see cref="RedisServer.Url"/> and <see cref="RedisServer.CliAsync"/> are admin's.
    /// </summary>
    /// <param name="appendOnly">Persist with an append-only file (<see cref="RedisServerOptions.AppendOnly"/>).</param>
    public RedisServerOptions ServerOptions(bool appendOnly = false) => new()
    {
        User = Admin,
        Password = PasswordOf(Admin),
        AppendOnly = appendOnly,
        ExtraConfig = new Dictionary<string, string>(StringComparer.Ordinal) { [RedisConfigFile.AclFile] = RedisConfigFile.Quote(Path) },
    };

    /// <summary>Starts a redis-server with <see cref="ServerOptions"/> and waits until admin's PING answers.</summary>
    public Task<RedisServer> StartServerAsync(CancellationToken cancellationToken = default) =>
        RedisServer.StartAsync(ServerOptions(), cancellationToken);

    /// <summary>Deletes the rendered file and its directory.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or held open: the OS's temp cleaner removes it.
        }
    }
}
