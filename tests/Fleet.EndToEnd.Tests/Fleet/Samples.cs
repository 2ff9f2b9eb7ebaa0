namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>The sample files of samples/files/ that process to text, with their media types.</summary>
internal static class Samples
{
    public static IReadOnlyList<(string File, string MimeType)> Processable { get; } =
    [
        ("report.pdf", "application/pdf"),
        ("design.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notes.md", "text/markdown"),
        ("page.html", "text/html"),
        ("plain.txt", "text/plain"),
    ];

    /// <summary>The <paramref name="index"/>-th of <see cref="Processable"/>, round robin.</summary>
    public static (string File, string MimeType) Cycle(int index) => Processable[index % Processable.Count];
}
