namespace Fleet.Hosting.Configuration;

/// <summary>
/// Hides the password of the Redis URL wherever text leaves the process: the configuration error lines on stderr
/// and every log record. It knows the secret itself (taken from the URL), so it also catches the password where a
/// message quotes it outside a URL.
/// </summary>
internal sealed class SecretMask
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Replacement = "***";

    /// <summary>
    /// Shorter secrets are not replaced inside arbitrary text: replacing "ab" everywhere would garble every message.
    /// Text that contains one is withheld instead (<see cref="Contains"/>).
    /// </summary>
    private const int ShortestReplaced = 4;

    private readonly string[] _secrets;

    private SecretMask(string[] secrets) => _secrets = secrets;

    /// <summary>A mask with no secret.</summary>
    public static SecretMask None { get; } = new([]);

    /// <summary>True when there is nothing to hide.</summary>
    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>
    /// The mask of <paramref name="url"/>'s password: the user-info after the first ':' (or all of it when there is no
    /// ':', as in <c>redis://password@host</c>) up to the LAST '@', since a password may itself contain '@' or '/'.
    /// Both the raw and the percent-decoded forms are secrets, and so is each '@'-separated part, because a message that
    /// cut the URL at the first '@' shows the rest.
    /// </summary>
    public static SecretMask ForUrl(string? url)
    {
        var scheme = url?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        var at = url?.LastIndexOf('@') ?? -1;
        if (url is null || scheme < 0 || at < scheme + 3)
        {
            return None;
        }

        var userInfo = url[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var password = colon < 0 ? userInfo : userInfo[(colon + 1)..];
        if (password.Length == 0)
        {
            return None;
        }

        var secrets = new HashSet<string>(StringComparer.Ordinal) { password, Uri.UnescapeDataString(password) };
        foreach (var part in password.Split('@', StringSplitOptions.RemoveEmptyEntries))
        {
            secrets.Add(part);
        }

        // Longest first, so a part never leaves the rest of a longer secret readable.
        return new([.. secrets.OrderByDescending(s => s.Length)]);
    }

    /// <summary>True when <paramref name="text"/> contains a secret that <see cref="Apply"/> cannot replace (a short one).</summary>
    public bool Contains(string text) =>
        _secrets.Any(s => s.Length < ShortestReplaced && text.Contains(s, StringComparison.Ordinal));

    /// <summary><paramref name="text"/> with every secret of at least four characters replaced by <see cref="Replacement"/>.</summary>
    public string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            if (secret.Length >= ShortestReplaced)
            {
                text = text.Replace(secret, Replacement, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
