using System.Text;
using AngleSharp.Dom;

namespace Fleet.FileProcessor.Extraction;

/// <summary>
/// The readable text of an HTML document: the text of its body, without script, style, template, noscript or other
/// non-rendered elements, whitespace collapsed as a browser does, and each block element (paragraph, heading, list
/// item, table row …) a paragraph of its own, separated by a blank line.
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "canvas",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
    };

    public static string Of(IDocument document)
    {
        var text = new StringBuilder();
        if (document.Body is { } body)
        {
            Walk(body, text);
        }

        return text.ToString().Trim();
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText run:
                    AppendCollapsed(run.Data, text);
                    break;
                case IElement element when Skipped.Contains(element.LocalName):
                    break;
                case IElement element when element.LocalName == "br":
                    TrimEnd(text);
                    text.Append('\n');
                    break;
                case IElement element when element.LocalName is "td" or "th":
                    Walk(element, text);
                    AppendCollapsed(" ", text);
                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    EndParagraph(text);
                    Walk(element, text);
                    EndParagraph(text);
                    break;
                case IElement element:
                    Walk(element, text);
                    break;
            }
        }
    }

    // A run of whitespace is one space, and none at the start of a line (CSS white-space: normal).
    private static void AppendCollapsed(string data, StringBuilder text)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && !char.IsWhiteSpace(text[^1]))
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }
    }

    private static void EndParagraph(StringBuilder text)
    {
        TrimEnd(text);
        if (text.Length > 0)
        {
            text.Append("\n\n");
        }
    }

    private static void TrimEnd(StringBuilder text)
    {
        while (text.Length > 0 && char.IsWhiteSpace(text[^1]))
        {
            text.Length--;
        }
    }
}
