using Fleet.Contracts;
using Fleet.FileProcessor.Chunking;
using Fleet.FileProcessor.Embeddings;
using Fleet.FileProcessor.Extraction;
using Fleet.FileProcessor.Storage;
using Fleet.FileProcessor.Users;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.FileProcessor;

/// <summary>Registers file-processor's options and domain services.</summary>
internal static class FileProcessingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="FileProcessorOptions"/> (section <c>FileProcessor</c>, validated at start), storage, the
    /// extractors, the chunker, the Redis stores and the embedding client. Needs a <c>RedisClient</c>, the Fleet.Events
    /// services and <see cref="ContractKeys"/> (<c>AddFleetContracts()</c>).
    /// </summary>
    public static IServiceCollection AddFileProcessing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FileProcessorOptions>()
            .Bind(configuration.GetSection(FileProcessorOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FileProcessorOptions>, FileProcessorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The client of this service's own keys (chunks, tiers). Fleet.Hosting's bus owns its client without exposing
        // it, so this is a second connection to the same server, made from the same setting; a host that registers
        // its RedisClient first keeps it. The URL was validated at start (RunFleetServiceAsync) before anything resolves this.
        services.TryAddSingleton(_ => RedisClient.Create(
            configuration.GetConnectionString("Redis") is { Length: > 0 } url ? url : configuration["REDIS_URL"]
                ?? throw new InvalidOperationException("ConnectionStrings:Redis is missing: set ConnectionStrings__Redis or REDIS_URL.")));
        services.AddSingleton<FileStorage>();
        services.AddSingleton<ITextExtractor, PdfExtractor>();
        services.AddSingleton<ITextExtractor, DocxExtractor>();
        services.AddSingleton<ITextExtractor, MarkdownExtractor>();
        services.AddSingleton<ITextExtractor, HtmlExtractor>();
        services.AddSingleton<ITextExtractor, PlainTextExtractor>();
        services.AddSingleton<ExtractorSelector>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<FileProcessorOptions>>().Value;
            return new TextChunker(options.ChunkSize, options.ChunkOverlap);
        });
        services.AddSingleton<FileTextReader>();
        services.AddSingleton<ChunkStore>();
        services.AddSingleton<TierStore>();
        services.AddSingleton<EmbeddingClient>();
        return services;
    }
}
