using AngleSharp.Html.Parser;
using Markdig;

namespace Fleet.FileProcessor.Extraction;

/// <summary>
/// Markdown with Markdig (CommonMark plus the usual extensions: tables, lists, emphasis …), turned into plain text: the
/// document is rendered to HTML and read as <see cref="HtmlText"/> reads a page, so headings, paragraphs and list items
/// are paragraphs, markup and link targets are gone, and raw HTML script or style in the Markdown is dropped too.
/// </summary>
internal sealed class MarkdownExtractor : ITextExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private readonly HtmlParser _parser = new();

    public string Format => "markdown";

    public IReadOnlyList<string> MimeTypes { get; } = ["text/markdown", "text/x-markdown"];

    public IReadOnlyList<string> Extensions { get; } = [".md", ".markdown"];

    public string Extract(ReadOnlyMemory<byte> content)
    {
        var html = Markdown.ToHtml(TextDecoder.Decode(content.Span), Pipeline);
        return HtmlText.Of(_parser.ParseDocument(html));
    }
}
