using System.Security.Cryptography;
using Fleet.Testing.Acl;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// The Secrets docs/deploy/kubernetes.md tells users to create, filled with values made for one test run: every Redis
/// user's password (PLAN: REDIS_PASSWORD_&lt;USER&gt;), the notifier's signing secret, the gateway's keys and archive.
/// </summary>
internal sealed class TestSecrets
{
    public const string RedisPasswords = "fleet-redis-passwords";
    public const string Notifier = "fleet-notifier";
    public const string Gateway = "fleet-gateway";
    public const string Postgres = "fleet-postgres";

    /// <summary>The ACL users of deploy/redis/users.acl: one per service, the operator (KEDA, fleetctl) and the admin.</summary>
    public static IReadOnlyList<string> RedisUsers => FleetAclFile.Users;

    private readonly Dictionary<(string Secret, string Key), string> _values = [];

    /// <param name="archiveConnectionString">The gateway's archive.</param>
    /// <param name="redisPasswords">The Redis passwords by key (REDIS_PASSWORD_&lt;USER&gt;) of an ACL file already rendered; new ones when null.</param>
    public TestSecrets(string archiveConnectionString, IReadOnlyDictionary<string, string>? redisPasswords = null)
    {
        foreach (var user in RedisUsers)
        {
            _values[(RedisPasswords, PasswordKey(user))] = redisPasswords?[PasswordKey(user)] ?? NewValue();
        }

        _values[(Notifier, "webhook-signing-secret")] = NewValue();
        _values[(Gateway, "admin-key")] = NewValue();
        _values[(Gateway, "read-key")] = NewValue();
        _values[(Gateway, "archive-connection-string")] = archiveConnectionString;
        _values[(Postgres, "POSTGRES_PASSWORD")] = NewValue();
    }

    /// <summary>The documented (Secret, key) pairs, the optional ones included.</summary>
    public static IReadOnlyList<(string Secret, string Key)> Documented { get; } =
        [.. RedisUsers.Select(u => (RedisPasswords, PasswordKey(u))), (Notifier, "webhook-signing-secret"), (Notifier, "smtp-password"),
         (Gateway, "admin-key"), (Gateway, "read-key"), (Gateway, "archive-connection-string"), (Postgres, "POSTGRES_PASSWORD")];

    /// <summary><c>REDIS_PASSWORD_</c> and the user upper-snake-cased, e.g. REDIS_PASSWORD_FILE_PROCESSOR.</summary>
    public static string PasswordKey(string user) => FleetAclFile.PasswordVariable(user);

    /// <summary>The value of <paramref name="key"/> in Secret <paramref name="secret"/>, or null (the optional SMTP password is not set).</summary>
    public string? Get(string secret, string key) => _values.GetValueOrDefault((secret, key));

    /// <summary>The whole Secret, as an <c>envFrom secretRef</c> gives it.</summary>
    public IReadOnlyDictionary<string, string> All(string secret) =>
        _values.Where(e => e.Key.Secret == secret).ToDictionary(e => e.Key.Key, e => e.Value, StringComparer.Ordinal);

    // URL-safe, as the passwords must be (they travel in redis://user:password@host).
    private static string NewValue() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
