using Microsoft.Extensions.Options;

namespace Fleet.EmbeddingGenerator;

/// <summary>The rules data annotations cannot say: the provider and its model, and the lane weights (nested, and ordered).</summary>
internal sealed class EmbeddingGeneratorOptionsValidator : IValidateOptions<EmbeddingGeneratorOptions>
{
    private const int MaxWeight = 1000;

    public ValidateOptionsResult Validate(string? name, EmbeddingGeneratorOptions options)
    {
        var failures = new List<string>();
        if (!string.Equals(options.Provider, EmbeddingGeneratorOptions.MiniLmProvider, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"EmbeddingGenerator:Provider '{options.Provider}' is not known; this build has 'minilm' (docs/services/embedding-generator.md: adding a provider).");
        }
        else if (!string.Equals(options.Model, Embeddings.MiniLmModel.ModelId, StringComparison.Ordinal))
        {
            failures.Add($"EmbeddingGenerator:Model '{options.Model}' is not served by the minilm provider, which has '{Embeddings.MiniLmModel.ModelId}' only.");
        }

        if (options.LaneWeights is { } weights)
        {
            CheckWeight(failures, "High", weights.High);
            CheckWeight(failures, "Normal", weights.Normal);
            CheckWeight(failures, "Low", weights.Low);
            if (weights.High < weights.Normal || weights.Normal < weights.Low)
            {
                failures.Add($"EmbeddingGenerator:LaneWeights must keep High >= Normal >= Low (were {weights.High}, {weights.Normal}, {weights.Low}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckWeight(List<string> failures, string lane, int weight)
    {
        if (weight is < 1 or > MaxWeight)
        {
            failures.Add($"EmbeddingGenerator:LaneWeights:{lane} must be between 1 and {MaxWeight} (was {weight}).");
        }
    }
}
