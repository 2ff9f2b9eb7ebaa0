namespace Fleet.EventGateway.Api;

/// <summary>
/// <c>Gateway:ApiKeys</c>: admin keys may do everything, read-only keys may only read (GET). Keys come from configuration
/// (<c>Gateway__ApiKeys__Admin__0=…</c>) or from files, one key per line, such as a mounted Kubernetes secret
/// (<c>Gateway__ApiKeys__AdminFile=/run/secrets/gateway-admin-keys</c>); both sources add up.
/// </summary>
internal sealed class ApiKeyOptions
{
    /// <summary>The shortest key accepted: 16 characters (`openssl rand -hex 32` gives 64).</summary>
    public const int MinKeyLength = 16;

    /// <summary>Admin keys (default none).</summary>
    public List<string> Admin { get; set; } = [];

    /// <summary>Read-only keys (default none).</summary>
    public List<string> ReadOnly { get; set; } = [];

    /// <summary>A file of admin keys, one per line; blank lines and lines starting with '#' are skipped (default none).</summary>
    public string? AdminFile { get; set; }

    /// <summary>A file of read-only keys, as <see cref="AdminFile"/> (default none).</summary>
    public string? ReadOnlyFile { get; set; }
}
