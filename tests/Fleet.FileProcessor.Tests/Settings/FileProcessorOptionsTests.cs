using Fleet.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.FileProcessor.Tests.Settings;

/// <summary>The settings are validated at start with messages naming FileProcessor:&lt;Property&gt;; the group options follow them.</summary>
public sealed class FileProcessorOptionsTests
{
    [Fact]
    public void Defaults_WithAStorageRoot_AreValid()
    {
        var options = Resolve(new() { ["FileProcessor:StorageRoot"] = Path.GetTempPath() });

        Assert.Equal(20 * 1024 * 1024, options.MaxFileBytes);
        Assert.Equal(1000, options.ChunkSize);
        Assert.Equal(150, options.ChunkOverlap);
        Assert.Equal(TimeSpan.FromMinutes(2), options.EmbeddingTimeout);
        Assert.Equal(TimeSpan.FromMinutes(3), options.ProcessingTimeout);
    }

    [Theory]
    [InlineData(null, null, "FileProcessor:StorageRoot is required")]
    [InlineData("FileProcessor:StorageRoot", "relative/dir", "FileProcessor:StorageRoot must be an absolute path")]
    [InlineData("FileProcessor:StorageRoot", "/no/such/fleet/dir", "FileProcessor:StorageRoot '/no/such/fleet/dir' is not an existing directory")]
    [InlineData("FileProcessor:ChunkOverlap", "1000", "FileProcessor:ChunkOverlap (1000) must be less than FileProcessor:ChunkSize (1000)")]
    [InlineData("FileProcessor:ChunkSize", "5", "FileProcessor:ChunkSize must be between")]
    [InlineData("FileProcessor:MaxFileBytes", "0", "FileProcessor:MaxFileBytes must be between")]
    [InlineData("FileProcessor:EmbeddingTimeout", "00:00:00", "FileProcessor:EmbeddingTimeout must be positive")]
    [InlineData("FileProcessor:ProcessingTimeout", "00:01:00", "FileProcessor:ProcessingTimeout (00:01:00) must exceed FileProcessor:EmbeddingTimeout")]
    [InlineData("FileProcessor:Concurrency", "0", "FileProcessor:Concurrency must be between")]
    [InlineData("FileProcessor:MaxDeliveries", "0", "FileProcessor:MaxDeliveries must be between")]
    public void Validation_BadValue_NamesTheOption(string? key, string? value, string message)
    {
        var settings = new Dictionary<string, string?>();
        if (key != "FileProcessor:StorageRoot" && key is not null || value is null && key is null)
        {
            settings["FileProcessor:StorageRoot"] = key is null ? null : Path.GetTempPath();
        }

        if (key is not null)
        {
            settings[key] = value;
        }

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains(error.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void GroupOptions_FollowTheSettings()
    {
        var group = new ConsumerGroupOptions();

        FileProcessorGroup.Options(Configuration(new() { ["FileProcessor:Concurrency"] = "4", ["FileProcessor:MaxDeliveries"] = "7", ["FileProcessor:ProcessingTimeout"] = "00:05:00" }))(group);

        Assert.True(group.IdempotencyGuard);
        Assert.Equal(0, group.RetryAttempts);
        Assert.Equal(4, group.Concurrency);
        Assert.Equal(4, group.Prefetch);
        Assert.Equal(7, group.MaxDeliveries);
        Assert.Equal(TimeSpan.FromMinutes(5), group.ProcessingTimeout);
    }

    [Fact]
    public void GroupOptions_UnparsableOrOutOfRangeSetting_NeverThrowAndLeaveItToStartValidation()
    {
        var unparsable = new ConsumerGroupOptions();
        var outOfRange = new ConsumerGroupOptions();

        FileProcessorGroup.Options(Configuration(new() { ["FileProcessor:Concurrency"] = "many" }))(unparsable);
        FileProcessorGroup.Options(Configuration(new() { ["FileProcessor:MaxDeliveries"] = "0" }))(outOfRange);

        // A value that does not parse drops the section to FileProcessor's defaults; one out of range keeps the group's.
        Assert.Equal(new FileProcessorOptions().Concurrency, unparsable.Concurrency);
        Assert.Equal(new FileProcessorOptions().MaxDeliveries, unparsable.MaxDeliveries);
        Assert.Equal(new ConsumerGroupOptions().MaxDeliveries, outOfRange.MaxDeliveries);
        unparsable.Validate(FileProcessorGroup.Name);
        outOfRange.Validate(FileProcessorGroup.Name);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static FileProcessorOptions Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddFileProcessing(Configuration(settings));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<FileProcessorOptions>>().Value;
    }
}
