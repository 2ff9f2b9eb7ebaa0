using System.Security.Cryptography;
using System.Text;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// One schema migration: a plain .sql file of Archive/Migrations (an embedded resource), its name (the file name, which
/// orders it) and the SHA-256 of its text with line endings made LF, so a checkout that turned them into CRLF still matches.
/// </summary>
internal sealed record ArchiveMigration(string Name, string Sql)
{
    private const string ResourcePrefix = "Fleet.EventGateway.Archive.Migrations.";

    /// <summary>Lower-case hex SHA-256 of <see cref="Sql"/> with LF line endings.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>Every migration embedded in the gateway, in ordinal name order (0001_… before 0002_…).</summary>
    public static IReadOnlyList<ArchiveMigration> Embedded { get; } = Load();

    private static ArchiveMigration[] Load()
    {
        var assembly = typeof(ArchiveMigration).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new ArchiveMigration(name[ResourcePrefix.Length..], reader.ReadToEnd());
            })];
    }
}
