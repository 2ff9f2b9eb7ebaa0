using AngleSharp.Html.Parser;

namespace Fleet.FileProcessor.Extraction;

/// <summary>HTML with AngleSharp: the body's rendered text, no script or style (<see cref="HtmlText"/>).</summary>
internal sealed class HtmlExtractor : ITextExtractor
{
    private readonly HtmlParser _parser = new();

    public string Format => "html";

    public IReadOnlyList<string> MimeTypes { get; } = ["text/html", "application/xhtml+xml"];

    public IReadOnlyList<string> Extensions { get; } = [".html", ".htm", ".xhtml"];

    // The bytes are decoded as plain text is (byte-order mark, UTF-16, UTF-8, else Latin-1); a <meta charset> naming
    // another legacy encoding is not honoured.
    public string Extract(ReadOnlyMemory<byte> content) => HtmlText.Of(_parser.ParseDocument(TextDecoder.Decode(content.Span)));
}
