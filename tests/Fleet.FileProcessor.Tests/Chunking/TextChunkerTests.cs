using System.Text;
using Fleet.FileProcessor.Chunking;
using Fleet.FileProcessor.Extraction;
using Fleet.FileProcessor.Tests.Samples;

namespace Fleet.FileProcessor.Tests.Chunking;

/// <summary>The chunking rules: sizes, boundaries (paragraph, sentence, word, hard cut) and overlap, and properties over many inputs.</summary>
public sealed class TextChunkerTests
{
    [Fact]
    public void Split_ShortParagraphs_ArePackedWholeWithABlankLineBetween()
    {
        var chunks = new TextChunker(100, 10).Split("First paragraph here.\n\nSecond one.\r\n\r\n\r\nThird.");

        var chunk = Assert.Single(chunks);
        Assert.Equal("First paragraph here.\n\nSecond one.\n\nThird.", chunk.Text);
        Assert.Equal(0, chunk.OverlapLength);
    }

    [Fact]
    public void Split_ParagraphsThatDoNotFitTogether_EndChunksAtParagraphEnds()
    {
        var first = new string('a', 30) + " end of the first.";
        var second = new string('b', 30) + " end of the second.";

        var chunks = new TextChunker(60, 0).Split(first + "\n\n" + second);

        Assert.Equal([first, second], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Split_LongParagraph_EndsChunksAtSentenceEnds()
    {
        var text = "One sentence is here. Another sentence follows it! Does a third one fit? A fourth closes the paragraph.";

        var chunks = new TextChunker(50, 0).Split(text);

        Assert.Equal(["One sentence is here. Another sentence follows it!", "Does a third one fit?", "A fourth closes the paragraph."], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Split_LongSentence_EndsChunksAtWords()
    {
        var chunks = new TextChunker(20, 0).Split("alpha beta gamma delta epsilon zeta eta theta");

        Assert.Equal(["alpha beta gamma", "delta epsilon zeta", "eta theta"], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Split_GiantToken_IsCutHardAtTheSize()
    {
        var token = string.Concat(Enumerable.Repeat("0123456789", 5));

        var chunks = new TextChunker(20, 5).Split("short " + token + " tail");

        Assert.Equal(["short", "01234567890123456789", "01234567890123456789", "0123456789 tail"], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Split_HardCut_NeverSplitsASurrogatePair()
    {
        var token = string.Concat(Enumerable.Repeat("😀", 30));

        var chunks = new TextChunker(25, 0).Split(token);

        Assert.All(chunks, c => Assert.True(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(c.Text)) == c.Text, "a chunk holds half a surrogate pair"));
        Assert.Equal(token, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Split_Overlap_RepeatsWholeWordsFromTheEndOfThePreviousChunk()
    {
        var text = "The first sentence ends here. The second sentence is about as long. The third sentence closes it.";

        var chunks = new TextChunker(70, 25).Split(text);

        Assert.Equal(2, chunks.Count);
        Assert.Equal("The first sentence ends here. The second sentence is about as long.", chunks[0].Text);
        Assert.Equal("is about as long. The third sentence closes it.", chunks[1].Text);
        Assert.Equal("is about as long.".Length, chunks[1].OverlapLength);
    }

    [Fact]
    public void Split_WhitespaceOnly_GivesNoChunks()
    {
        Assert.Empty(new TextChunker(100, 10).Split(" \n\n\t \r\n  "));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 10)]
    [InlineData(10, 11)]
    [InlineData(10, -1)]
    public void Constructor_OverlapNotBelowSizeOrBadSize_Throws(int size, int overlap)
    {
        Assert.ThrowsAny<ArgumentException>(() => new TextChunker(size, overlap));
    }

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var (size, overlap) in new[] { (20, 0), (20, 19), (50, 10), (100, 30), (300, 150), (1000, 150) })
        {
            for (var seed = 0; seed < 5; seed++)
            {
                data.Add(size, overlap, seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Split_RandomText_KeepsEveryRule(int size, int overlap, int seed)
    {
        var text = RandomText(new Random(seed));

        var chunks = new TextChunker(size, overlap).Split(text);

        AssertRules(text, chunks, size, overlap);
    }

    [Theory]
    [InlineData("report.pdf")]
    [InlineData("notes.md")]
    [InlineData("page.html")]
    [InlineData("plain.txt")]
    public void Split_SampleWithDefaults_GivesSeveralChunksKeepingEveryRule(string name)
    {
        ITextExtractor extractor = Path.GetExtension(name) switch
        {
            ".pdf" => new PdfExtractor(),
            ".md" => new MarkdownExtractor(),
            ".html" => new HtmlExtractor(),
            _ => new PlainTextExtractor(),
        };
        var text = extractor.Extract(SampleFiles.Read(name));

        var chunks = new TextChunker(1000, 150).Split(text);

        Assert.InRange(chunks.Count, 3, 10);
        AssertRules(text, chunks, 1000, 150);
    }

    private static void AssertRules(string text, IReadOnlyList<TextChunk> chunks, int size, int overlap)
    {
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, size));
        Assert.Equal(0, chunks[0].OverlapLength);
        for (var i = 1; i < chunks.Count; i++)
        {
            var repeated = chunks[i].Text[..chunks[i].OverlapLength];
            Assert.InRange(repeated.Length, 0, overlap);
            Assert.EndsWith(repeated, chunks[i - 1].Text, StringComparison.Ordinal);
            Assert.True(chunks[i].Text.Length > chunks[i].OverlapLength, "a chunk holds nothing new");
        }

        // Nothing lost, nothing added, nothing reordered: the new part of each chunk, in order, is the text.
        var rebuilt = string.Concat(chunks.Select(c => c.Text[c.OverlapLength..]));
        Assert.Equal(NonWhitespace(text), NonWhitespace(rebuilt));
    }

    private static string NonWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        var paragraphs = random.Next(1, 8);
        for (var p = 0; p < paragraphs; p++)
        {
            var sentences = random.Next(1, 12);
            for (var s = 0; s < sentences; s++)
            {
                var words = random.Next(1, 25);
                for (var w = 0; w < words; w++)
                {
                    // Mostly short words, now and then a giant token longer than any chunk size used.
                    var length = random.Next(100) == 0 ? random.Next(100, 2500) : random.Next(1, 12);
                    text.Append(new string((char)('a' + random.Next(26)), length)).Append(random.Next(10) == 0 ? "\n" : " ");
                }

                text.Append(". !?"[random.Next(4)]).Append(' ');
            }

            text.Append(random.Next(2) == 0 ? "\n\n" : "\r\n \r\n\n");
        }

        return text.ToString();
    }
}
