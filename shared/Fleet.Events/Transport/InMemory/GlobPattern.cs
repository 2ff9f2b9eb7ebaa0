using System.Text;

namespace Fleet.Events.Transport.InMemory;

/// <summary>
/// A PSUBSCRIBE pattern, matched the way Redis's <c>stringmatchlen</c> matches it, byte by byte on UTF-8:
/// <c>*</c> any run, <c>?</c> one byte, <c>[abc]</c>, <c>[^a]</c>, <c>[a-z]</c> classes and <c>\</c> escaping the next character.
/// </summary>
internal sealed class GlobPattern
{
    private readonly byte[] _pattern;

    public GlobPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Text = pattern;
        _pattern = Encoding.UTF8.GetBytes(pattern);
    }

    /// <summary>The pattern as subscribed.</summary>
    public string Text { get; }

    /// <summary>Whether <paramref name="channel"/> matches the pattern.</summary>
    public bool IsMatch(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var skipLongerMatches = false;
        return Match(_pattern, Encoding.UTF8.GetBytes(channel), ref skipLongerMatches);
    }

    // A port of Redis's stringmatchlen_impl (util.c); index checks stand in for C's reads of the terminating NUL.
    private static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, ref bool skipLongerMatches)
    {
        int p = 0, s = 0;
        while (p < pattern.Length && s < text.Length)
        {
            switch (pattern[p])
            {
                case (byte)'*':
                    while (p + 1 < pattern.Length && pattern[p + 1] == '*')
                    {
                        p++;
                    }

                    if (p + 1 == pattern.Length)
                    {
                        return true;
                    }

                    while (s < text.Length)
                    {
                        if (Match(pattern[(p + 1)..], text[s..], ref skipLongerMatches))
                        {
                            return true;
                        }

                        if (skipLongerMatches)
                        {
                            return false;
                        }

                        s++;
                    }

                    // Redis's guard against exponential backtracking: a later '*' cannot match either.
                    skipLongerMatches = true;
                    return false;
                case (byte)'?':
                    s++;
                    break;
                case (byte)'[':
                    if (!MatchClass(pattern, ref p, text[s]))
                    {
                        return false;
                    }

                    s++;
                    break;
                default:
                    if (pattern[p] == '\\' && pattern.Length - p >= 2)
                    {
                        p++;
                    }

                    if (pattern[p] != text[s])
                    {
                        return false;
                    }

                    s++;
                    break;
            }

            p++;
            if (s == text.Length)
            {
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }

                break;
            }
        }

        return p == pattern.Length && s == text.Length;
    }

    // '[' at pattern[p]: leaves p on the closing ']' (or the last byte of an unterminated class).
    private static bool MatchClass(ReadOnlySpan<byte> pattern, ref int p, byte c)
    {
        p++;
        var negate = p < pattern.Length && pattern[p] == '^';
        if (negate)
        {
            p++;
        }

        var match = false;
        while (true)
        {
            if (p >= pattern.Length)
            {
                p--;
                break;
            }

            if (pattern[p] == '\\' && pattern.Length - p >= 2)
            {
                p++;
                match |= pattern[p] == c;
            }
            else if (pattern[p] == ']')
            {
                break;
            }
            else if (pattern.Length - p >= 3 && pattern[p + 1] == '-')
            {
                var start = Math.Min(pattern[p], pattern[p + 2]);
                var end = Math.Max(pattern[p], pattern[p + 2]);
                p += 2;
                match |= c >= start && c <= end;
            }
            else
            {
                match |= pattern[p] == c;
            }

            p++;
        }

        return negate ? !match : match;
    }
}
