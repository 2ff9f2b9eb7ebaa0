using Fleet.Contracts;
using Fleet.FileProcessor.Chunking;
using Fleet.FileProcessor.Embeddings;
using Fleet.FileProcessor.Extraction;
using Fleet.FileProcessor.Storage;
using Fleet.FileProcessor.Users;
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
