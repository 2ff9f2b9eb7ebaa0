namespace Fleet.Demo.Scenario;

/// <summary>One file of the scenario and what must become of it.</summary>
/// <param name="Name">Its name in samples/files/.</param>
/// <param name="MimeType">The media type the upload declares.</param>
/// <param name="ExpectedFailure">The <c>file.processing.failed</c> reason it must end with, or null when it must be processed.</param>
internal sealed record SampleFile(string Name, string MimeType, string? ExpectedFailure)
{
    /// <summary>The scenario: a PDF, a DOCX, Markdown, HTML and text; one corrupt PDF; one unsupported type.</summary>
    public static IReadOnlyList<SampleFile> Scenario { get; } =
    [
        new("report.pdf", "application/pdf", null),
        new("design.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", null),
        new("notes.md", "text/markdown", null),
        new("page.html", "text/html", null),
        new("plain.txt", "text/plain", null),
        new("corrupt.pdf", "application/pdf", "corrupt"),
        new("image.png", "image/png", "unsupported_type"),
    ];

    public bool MustSucceed => ExpectedFailure is null;
}
