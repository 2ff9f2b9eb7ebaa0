using Fleet.EventGateway.Archive;

namespace Fleet.EventGateway.Tests.Archive;

public sealed class ArchiveOptionsValidatorTests
{
    private const string Good = "Host=localhost;Database=fleet;Username=fleet;Password=s3cret-word";

    [Fact]
    public void Validate_Defaults_WithAConnectionString_Succeed() =>
        Assert.True(new ArchiveOptionsValidator().Validate(null, new ArchiveOptions { ConnectionString = Good }).Succeeded);

    [Fact]
    public void Validate_NoConnectionString_NamesConnectionStringsArchive()
    {
        var result = new ArchiveOptionsValidator().Validate(null, new ArchiveOptions());

        Assert.StartsWith("ConnectionStrings:Archive is missing", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadConnectionString_NamesItWithoutThePassword()
    {
        var result = new ArchiveOptionsValidator().Validate(null, new ArchiveOptions { ConnectionString = "Host=db;Password=s3cret-word;Port=not-a-port" });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("ConnectionStrings:Archive is not a valid Npgsql connection string", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-word", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadValues_NameEachOption()
    {
        var options = new ArchiveOptions
        {
            ConnectionString = Good,
            Streams = ["Not A Stream"],
            ExcludeTypes = ["market.*", "Bad Type"],
            BatchSize = 0,
            ReadBlock = TimeSpan.Zero,
            ClaimIdleTime = TimeSpan.FromMilliseconds(10),
        };
        options.StreamTypes["market.events"] = new ArchiveTypeFilter { IncludeTypes = ["*", "market."] };

        var failures = new ArchiveOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Equal(
            ["Archive:Streams:0", "Archive:ExcludeTypes:1", "Archive:StreamTypes:market.events:IncludeTypes:1", "Archive:BatchSize", "Archive:ReadBlock", "Archive:ClaimIdleTime"],
            failures.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Masked_HidesThePassword() =>
        Assert.Equal("Host=db;Password=***;Username=u", ArchiveConnectionString.Masked("Host=db;Password=s3cret;Username=u"));
}
