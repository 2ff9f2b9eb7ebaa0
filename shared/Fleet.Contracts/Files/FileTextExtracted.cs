using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>The text of a file was extracted and split into chunks (contextual.events): counts, never the text.</summary>
/// <param name="FileId">The file.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="Format">The extractor that read it: pdf, docx, markdown, html or text.</param>
/// <param name="Characters">Characters of text extracted.</param>
/// <param name="Words">Words of text extracted.</param>
/// <param name="Chunks">Chunks the text was split into.</param>
/// <param name="ExtractionMilliseconds">Time spent reading and extracting.</param>
public sealed record FileTextExtracted(
    [property: Required, RegularExpression(Ids.UlidPattern)] string FileId,
    [property: Required, RegularExpression(Ids.UserIdPattern)] string UserId,
    [property: Required, StringLength(32)] string Format,
    [property: Range(0, long.MaxValue)] long Characters,
    [property: Range(0, long.MaxValue)] long Words,
    [property: Range(1, int.MaxValue)] int Chunks,
    [property: Range(0, double.MaxValue)] double ExtractionMilliseconds);
