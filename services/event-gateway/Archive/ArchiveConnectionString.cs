using System.Text.RegularExpressions;
using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>Checks <c>ConnectionStrings:Archive</c> and describes it for logs and errors without its password.</summary>
internal static partial class ArchiveConnectionString
{
    /// <summary>One line naming the option and what is wrong with <paramref name="connectionString"/>; null when it is usable.</summary>
    public static string? Problem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{ArchiveOptions.ConnectionStringOption} is missing: set ConnectionStrings__Archive to an Npgsql connection string such as Host=localhost;Port=5432;Database=fleet;Username=fleet;Password=…";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            return $"{ArchiveOptions.ConnectionStringOption} is not a valid Npgsql connection string: {Mask(e.Message, connectionString)}";
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? $"{ArchiveOptions.ConnectionStringOption} has no Host: set Host=… (the PostgreSQL server)."
            : null;
    }

    /// <summary>Whether <paramref name="connectionString"/> sets <paramref name="keyword"/> itself (spaces and case ignored).</summary>
    public static bool Sets(string? connectionString, string keyword)
    {
        var wanted = keyword.Replace(" ", string.Empty, StringComparison.Ordinal);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString ?? string.Empty };
        foreach (string key in given.Keys)
        {
            if (string.Equals(key.Replace(" ", string.Empty, StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="connectionString"/> with its password replaced by <c>***</c>, for a log line.</summary>
    public static string Masked(string connectionString) => PasswordPair().Replace(connectionString, "${key}=***");

    /// <summary><paramref name="text"/> with the password of <paramref name="connectionString"/> replaced by <c>***</c> wherever it appears.</summary>
    public static string Mask(string text, string connectionString)
    {
        text = PasswordPair().Replace(text, "${key}=***");
        foreach (Match match in PasswordPair().Matches(connectionString))
        {
            var password = match.Groups["value"].Value.Trim().Trim('\'', '"');
            if (password.Length > 0)
            {
                text = text.Replace(password, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    [GeneratedRegex(@"(?<key>\b(?:password|pwd)\s*)=(?<value>[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPair();
}
