using System.Text;

namespace Fleet.Hosting.Configuration;

/// <summary>
/// The <c>{instance}</c> placeholder of <c>Fleet:Events:Outbox:Directory</c>. Docker Compose and Kubernetes give all
/// replicas of a service one outbox volume, but an outbox directory serves one process at a time (its lock file): with
/// <c>/var/lib/fleet/outbox/{instance}</c> each replica takes its own directory, named after its instance (by default the
/// container's host name, which a restarted container keeps, so it finds what it spooled before the restart).
/// </summary>
internal static class OutboxDirectory
{
    /// <summary>The placeholder replaced by the instance name.</summary>
    public const string InstancePlaceholder = "{instance}";

    /// <summary><paramref name="directory"/> with every <see cref="InstancePlaceholder"/> replaced by <paramref name="instanceName"/>
    /// made safe as one path segment (characters other than letters, digits, <c>.</c>, <c>_</c> and <c>-</c> become <c>_</c>).</summary>
    public static string Resolve(string directory, string instanceName)
    {
        if (string.IsNullOrEmpty(directory) || !directory.Contains(InstancePlaceholder, StringComparison.Ordinal))
        {
            return directory;
        }

        var segment = new StringBuilder(instanceName.Length);
        foreach (var c in instanceName)
        {
            segment.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        // "." and ".." would name the volume itself or its parent, shared by every replica.
        var name = segment.ToString().Trim('.') is { Length: > 0 } ? segment.ToString() : "_";
        return directory.Replace(InstancePlaceholder, name, StringComparison.Ordinal);
    }
}
