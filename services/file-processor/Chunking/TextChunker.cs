using System.Text;
using System.Text.RegularExpressions;

namespace Fleet.FileProcessor.Chunking;

/// <summary>
/// Splits text into chunks of at most <see cref="Size"/> characters for embedding. Paragraphs (separated by a blank line)
/// are packed whole while they fit; a paragraph too long for one chunk is split into sentences, a sentence too long into
/// words, and a word too long (a giant token: a URL, a hash) is cut hard at the size, never inside a surrogate pair.
/// Each chunk but the first starts with up to <see cref="Overlap"/> characters from the end of the one before, cut at a
/// word boundary, so a sentence cut between two chunks is seen whole by at least one of them; the overlap shrinks when
/// the next piece would not fit beside it. Whitespace inside a paragraph is collapsed to single spaces.
/// </summary>
internal sealed partial class TextChunker
{
    public TextChunker(int size, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, size);
        Size = size;
        Overlap = overlap;
    }

    /// <summary>Most characters in one chunk.</summary>
    public int Size { get; }

    /// <summary>Most characters a chunk repeats from the one before it.</summary>
    public int Overlap { get; }

    /// <summary>The chunks of <paramref name="text"/>, in order; none when it holds no visible text.</summary>
    public IReadOnlyList<TextChunk> Split(string text)
    {
        var chunks = new List<TextChunk>();
        var current = new StringBuilder(Size);
        var overlapLength = 0;
        foreach (var (piece, separator) in Pieces(text))
        {
            var joint = current.Length == 0 ? string.Empty : separator;
            if (current.Length + joint.Length + piece.Length <= Size)
            {
                current.Append(joint).Append(piece);
                continue;
            }

            chunks.Add(new TextChunk(current.ToString(), overlapLength));
            var tail = Tail(current, Math.Min(Overlap, Size - piece.Length - separator.Length));
            joint = tail.Length == 0 ? string.Empty : separator;
            current.Clear().Append(tail).Append(joint).Append(piece);
            overlapLength = tail.Length;
        }

        if (current.Length > overlapLength)
        {
            chunks.Add(new TextChunk(current.ToString(), overlapLength));
        }

        return chunks;
    }

    /// <summary>The pieces of the text, each at most <see cref="Size"/> long, with the separator that joins each to the one before.</summary>
    private IEnumerable<(string Piece, string Separator)> Pieces(string text)
    {
        foreach (var paragraph in ParagraphBreak().Split(text.ReplaceLineEndings("\n")))
        {
            var flat = Whitespace().Replace(paragraph, " ").Trim();
            if (flat.Length == 0)
            {
                continue;
            }

            if (flat.Length <= Size)
            {
                yield return (flat, "\n\n");
                continue;
            }

            var separator = "\n\n";
            foreach (var sentence in SentenceEnd().Split(flat))
            {
                foreach (var piece in SentencePieces(sentence, separator))
                {
                    yield return piece;
                }

                separator = " ";
            }
        }
    }

    private IEnumerable<(string Piece, string Separator)> SentencePieces(string sentence, string separator)
    {
        if (sentence.Length <= Size)
        {
            yield return (sentence, separator);
            yield break;
        }

        foreach (var word in sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // A giant token is cut hard; its pieces join with nothing, as they were one word.
            var start = 0;
            while (word.Length - start > Size)
            {
                var length = char.IsHighSurrogate(word[start + Size - 1]) ? Size - 1 : Size;
                yield return (word.Substring(start, length), start == 0 ? separator : string.Empty);
                start += length;
            }

            yield return (word[start..], start == 0 ? separator : string.Empty);
            separator = " ";
        }
    }

    /// <summary>At most <paramref name="limit"/> characters from the end of <paramref name="chunk"/>, starting at a word.</summary>
    private static string Tail(StringBuilder chunk, int limit)
    {
        if (limit <= 0)
        {
            return string.Empty;
        }

        var start = chunk.Length - Math.Min(limit, chunk.Length);

        // Unless the window starts right after whitespace, skip the partial word it begins inside.
        if (start > 0 && !char.IsWhiteSpace(chunk[start - 1]))
        {
            while (start < chunk.Length && !char.IsWhiteSpace(chunk[start]))
            {
                start++;
            }
        }

        while (start < chunk.Length && char.IsWhiteSpace(chunk[start]))
        {
            start++;
        }

        return chunk.ToString(start, chunk.Length - start);
    }

    // One or more blank lines (lines of only whitespace count as blank).
    [GeneratedRegex(@"\n[^\S\n]*\n\s*")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // After a sentence's final punctuation (and closing quotes or brackets), before the next sentence.
    [GeneratedRegex(@"(?<=[.!?…][""'”’)\]]*)\s+")]
    private static partial Regex SentenceEnd();
}
