namespace Fleet.FileProcessor.Extraction;

/// <summary>Plain text in UTF-8, UTF-16 or UTF-32 (with or without a byte-order mark) or Latin-1: see <see cref="TextDecoder"/>.</summary>
internal sealed class PlainTextExtractor : ITextExtractor
{
    public string Format => "text";

    public IReadOnlyList<string> MimeTypes { get; } = ["text/plain"];

    public IReadOnlyList<string> Extensions { get; } = [".txt", ".text"];

    public string Extract(ReadOnlyMemory<byte> content) => TextDecoder.Decode(content.Span);
}
