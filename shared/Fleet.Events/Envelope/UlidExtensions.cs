using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Fleet.Events;

/// <summary>
/// What Fleet adds to NUlid's <see cref="Ulid"/>, written as static members of it (<c>Ulid.NewUlid(timeProvider)</c>,
/// <c>Ulid.ParseExact(text)</c>) wherever <c>Fleet.Events</c> is imported: ids stamped by a <see cref="TimeProvider"/>
/// and strictly increasing per clock, and the exact parse the envelope reader applies to every id field (ADR 0004).
/// </summary>
public static partial class UlidExtensions
{
    private static readonly UlidGenerator SystemGenerator = new();
    private static readonly ConditionalWeakTable<TimeProvider, UlidGenerator> Generators = [];

    extension(Ulid)
    {
        /// <summary>
        /// A new ULID stamped with <paramref name="timeProvider"/>'s clock. Ids from one clock are strictly increasing across
        /// calls from any thread: within one millisecond, or when the clock goes backwards, the id keeps the previous
        /// timestamp and its random part is the previous one plus 1 (NUlid's <see cref="NUlid.Rng.MonotonicUlidRng"/>).
        /// Each <see cref="TimeProvider"/> instance has its own sequence, so a test clock never holds back the system one.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
        /// <exception cref="InvalidOperationException">The clock reads a time before 1970.</exception>
        public static Ulid NewUlid(TimeProvider timeProvider)
        {
            ArgumentNullException.ThrowIfNull(timeProvider);
            var generator = ReferenceEquals(timeProvider, TimeProvider.System)
                ? SystemGenerator
                : Generators.GetValue(timeProvider, static _ => new UlidGenerator());
            return generator.Next(timeProvider.GetUtcNow());
        }

        /// <summary>
        /// Parses exactly 26 Crockford base32 characters, the first 0-7 (more overflows 128 bits), in either case, reading
        /// I and L as 1 and O as 0; nothing else (no hyphens, no spaces).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
        /// <exception cref="FormatException">The text is not a ULID; the message quotes it and says why.</exception>
        public static Ulid ParseExact(string s)
        {
            ArgumentNullException.ThrowIfNull(s);
            return Ulid.ParseExact(s.AsSpan());
        }

        /// <inheritdoc cref="ParseExact(string)"/>
        public static Ulid ParseExact(ReadOnlySpan<char> s)
        {
            var status = TryDecode(s, out var result, out var position);
            return status == ParseStatus.Ok ? result : throw ParseError(s, status, position);
        }

        /// <summary>Parses the text as <see cref="ParseExact(string)"/> does; false for null or text that is not a ULID.</summary>
        public static bool TryParseExact([NotNullWhen(true)] string? s, out Ulid result) => Ulid.TryParseExact(s.AsSpan(), out result);

        /// <summary>Parses the text as <see cref="ParseExact(string)"/> does; false when it is not a ULID.</summary>
        public static bool TryParseExact(ReadOnlySpan<char> s, out Ulid result) => TryDecode(s, out result, out _) == ParseStatus.Ok;

        /// <summary>Parses UTF-8 text as <see cref="ParseExact(string)"/> does, allocating nothing; false when it is not a ULID.</summary>
        public static bool TryParseExact(ReadOnlySpan<byte> utf8Text, out Ulid result) => TryDecode(utf8Text, out result, out _) == ParseStatus.Ok;
    }
}
