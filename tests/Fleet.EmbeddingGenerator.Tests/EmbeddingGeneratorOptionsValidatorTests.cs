using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.EmbeddingGenerator.Tests;

/// <summary>Bad settings stop the service at start with a message naming the option.</summary>
public sealed class EmbeddingGeneratorOptionsValidatorTests
{
    [Theory]
    [InlineData("EmbeddingGenerator:Provider", "openai", "EmbeddingGenerator:Provider 'openai' is not known")]
    [InlineData("EmbeddingGenerator:Model", "all-mpnet-base-v2", "EmbeddingGenerator:Model 'all-mpnet-base-v2' is not served")]
    [InlineData("EmbeddingGenerator:BatchSize", "0", "EmbeddingGenerator:BatchSize must be between 1 and 1024")]
    [InlineData("EmbeddingGenerator:Concurrency", "65", "EmbeddingGenerator:Concurrency must be between 1 and 64")]
    [InlineData("EmbeddingGenerator:LaneWeights:Low", "0", "EmbeddingGenerator:LaneWeights:Low must be between 1 and 1000")]
    [InlineData("EmbeddingGenerator:LaneWeights:Normal", "9", "EmbeddingGenerator:LaneWeights must keep High >= Normal >= Low")]
    public void Value_BadSetting_FailsNamingTheOption(string key, string value, string expected)
    {
        using var services = Build(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmbeddingGeneratorOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Value_Defaults_AreValid()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<EmbeddingGeneratorOptions>>().Value;

        Assert.Equal(("minilm", "all-MiniLM-L6-v2", 32, 2), (options.Provider, options.Model, options.BatchSize, options.Concurrency));
        Assert.Equal((8, 3, 1), (options.LaneWeights.High, options.LaneWeights.Normal, options.LaneWeights.Low));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddEmbeddingGeneration(configuration).BuildServiceProvider();
    }
}
