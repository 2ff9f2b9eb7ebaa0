namespace Fleet.FileProcessor.Extraction;

/// <summary>Reads the text of one file format. Paragraphs come out separated by a blank line, for the chunker.</summary>
internal interface ITextExtractor
{
    /// <summary>The format's name in <c>file.text.extracted</c>: pdf, docx, markdown, html or text.</summary>
    string Format { get; }

    /// <summary>The MIME types this extractor reads (lower case, no parameters).</summary>
    IReadOnlyList<string> MimeTypes { get; }

    /// <summary>The file name extensions it reads when the declared type is generic (lower case, with the dot).</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>The text of <paramref name="content"/>; <see cref="FileProcessingException"/> (encrypted, corrupt) when it cannot be read.</summary>
    string Extract(ReadOnlyMemory<byte> content);
}
