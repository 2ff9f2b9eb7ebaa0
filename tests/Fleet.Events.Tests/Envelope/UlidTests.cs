using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Events.Tests.Envelope;

public sealed class UlidTests
{
    private const string Max = "7ZZZZZZZZZZZZZZZZZZZZZZZZZ";
    private static readonly DateTimeOffset Start = new(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);

    [Fact]
    public void Parse_FormattedRandomValues_RoundTrips()
    {
        var random = new Random(20240506);
        var randomness = new byte[10];
        for (var i = 0; i < 10_000; i++)
        {
            random.NextBytes(randomness);
            var time = DateTimeOffset.FromUnixTimeMilliseconds(random.NextInt64(0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
            var id = Ulid.FromParts(time, randomness);

            var text = id.ToString();

            Assert.Equal(26, text.Length);
            Assert.Matches("^[0-7][0-9A-HJKMNP-TV-Z]{25}$", text);
            Assert.Equal(id, Ulid.Parse(text));
            Assert.Equal(time, id.Time);
        }
    }

    [Fact]
    public void ToString_SpecTimestamp_StartsWithSpecPrefix()
    {
        var id = Ulid.FromParts(DateTimeOffset.FromUnixTimeMilliseconds(1469918176385), new byte[10]);

        Assert.Equal("01ARYZ6S410000000000000000", id.ToString());
    }

    [Fact]
    public void ToString_Empty_IsAllZeros()
    {
        Assert.Equal("00000000000000000000000000", Ulid.Empty.ToString());
        Assert.True(Ulid.Parse("00000000000000000000000000").IsEmpty);
        Assert.False(Ulid.NewUlid().IsEmpty);
    }

    [Fact]
    public void Parse_MaxValue_IsAllOnesAndRoundTrips()
    {
        var id = Ulid.Parse(Max);

        Assert.All(id.ToByteArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(Max, id.ToString());
        Assert.Equal(DateTimeOffset.MaxValue, id.Time);
    }

    [Fact]
    public void Parse_EveryDigit_ReadsItsValue()
    {
        // Each digit in the last place adds its index in the alphabet.
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (var value = 0; value < alphabet.Length; value++)
        {
            var bytes = Ulid.Parse(new string('0', 25) + alphabet[value]).ToByteArray();

            Assert.Equal(value, bytes[15]);
        }
    }

    [Fact]
    public void Parse_LowerCase_EqualsUpperCase()
    {
        var id = Ulid.NewUlid();

        Assert.Equal(id, Ulid.Parse(id.ToString().ToLowerInvariant()));
        Assert.Equal(Ulid.Parse("01ARYZ6S41ABCDEFGHJKMNPQRS"), Ulid.Parse("01aryz6s41abcdefghjkmnpqrs"));
    }

    [Theory]
    [InlineData("01ARYZ6S41I000000000000000", "01ARYZ6S411000000000000000")]
    [InlineData("01ARYZ6S41iLlOo00000000000", "01ARYZ6S411110000000000000")]
    [InlineData("O1ARYZ6S41000000000000000L", "01ARYZ6S410000000000000001")]
    public void Parse_CrockfordAliases_ReadIAndLAsOneAndOAsZero(string aliased, string canonical)
    {
        var id = Ulid.Parse(aliased);

        Assert.Equal(Ulid.Parse(canonical), id);
        Assert.Equal(canonical, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("01ARYZ6S41000000000000000")]
    [InlineData("01ARYZ6S4100000000000000000")]
    [InlineData(" 01ARYZ6S410000000000000000")]
    public void Parse_WrongLength_ThrowsFormatExceptionNamingInput(string text)
    {
        var error = Assert.Throws<FormatException>(() => Ulid.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{text.Length} characters", error.Message, StringComparison.Ordinal);
        Assert.False(Ulid.TryParse(text, out _));
        Assert.False(Ulid.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("01ARYZ6S41U000000000000000", 'U', 10)]
    [InlineData("01ARYZ6S41-000000000000000", '-', 10)]
    [InlineData("01ARYZ6S41 000000000000000", ' ', 10)]
    [InlineData("01ARYZ6S4100000000000000é0", 'é', 24)]
    [InlineData("{1ARYZ6S410000000000000000", '{', 0)]
    public void Parse_InvalidCharacter_ThrowsFormatExceptionNamingIt(string text, char bad, int position)
    {
        var error = Assert.Throws<FormatException>(() => Ulid.Parse(text.AsSpan()));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{bad}' at position {position}", error.Message, StringComparison.Ordinal);
        Assert.False(Ulid.TryParse(text, out var result));
        Assert.Equal(Ulid.Empty, result);
        Assert.False(Ulid.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("80000000000000000000000000")]
    [InlineData("ZZZZZZZZZZZZZZZZZZZZZZZZZZ")]
    [InlineData("z0000000000000000000000000")]
    public void Parse_FirstCharacterAboveSeven_ThrowsOverflowFormatException(string text)
    {
        var error = Assert.Throws<FormatException>(() => Ulid.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("overflows", error.Message, StringComparison.Ordinal);
        Assert.False(Ulid.TryParse(text, out _));
        Assert.False(Ulid.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Parse_LongInput_QuotesOnlyItsStart()
    {
        var text = new string('0', 10_000);

        var error = Assert.Throws<FormatException>(() => Ulid.Parse(text));

        Assert.Contains(new string('0', 64) + "...'", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 200);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullAndTryParseIsFalse()
    {
        Assert.Throws<ArgumentNullException>(() => Ulid.Parse(null!));
        Assert.False(Ulid.TryParse((string?)null, out _));
        Assert.False(Ulid.TryParse(null, provider: null, out _));
    }

    [Fact]
    public void Parse_ThroughISpanParsable_MatchesParse()
    {
        var id = Ulid.NewUlid();

        Assert.Equal(id, ParseGeneric<Ulid>(id.ToString()));
        Assert.True(TryParseGeneric<Ulid>(id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
        Assert.Throws<FormatException>(() => ParseGeneric<Ulid>("not a ulid"));
    }

    [Fact]
    public void NewUlid_FakeClock_TimeIsProviderTimeToTheMillisecond()
    {
        var clock = new FakeTimeProvider(Start.AddTicks(4321));

        var first = Ulid.NewUlid(clock);
        clock.Advance(TimeSpan.FromSeconds(90));
        var second = Ulid.NewUlid(clock);

        Assert.Equal(Start, first.Time);
        Assert.Equal(Start.AddSeconds(90), second.Time);
        Assert.True(second > first);
    }

    [Fact]
    public void NewUlid_SystemClock_TimeIsNow()
    {
        var before = DateTimeOffset.UtcNow;

        var id = Ulid.NewUlid();

        Assert.InRange(id.Time, before.AddMilliseconds(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public void NewUlid_SameMillisecond_StrictlyIncreasingInValueTextAndBytes()
    {
        var clock = new FakeTimeProvider(Start);
        var previous = Ulid.NewUlid(clock);
        var previousText = previous.ToString();
        var previousBytes = previous.ToByteArray();

        for (var i = 0; i < 100_000; i++)
        {
            var id = Ulid.NewUlid(clock);
            var text = id.ToString();
            var bytes = id.ToByteArray();

            Assert.True(id > previous, $"{id} is not after {previous}");
            Assert.True(string.CompareOrdinal(text, previousText) > 0, $"{text} does not sort after {previousText}");
            Assert.True(bytes.AsSpan().SequenceCompareTo(previousBytes) > 0);
            Assert.Equal(Start, id.Time);
            (previous, previousText, previousBytes) = (id, text, bytes);
        }
    }

    [Fact]
    public async Task NewUlid_EightConcurrentTasks_AllUniqueAndEachSequenceIncreasing()
    {
        const int perTask = 20_000;
        var clock = new FakeTimeProvider(Start);
        var cancellationToken = TestContext.Current.CancellationToken;

        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(
            () =>
            {
                var ids = new Ulid[perTask];
                for (var i = 0; i < ids.Length; i++)
                {
                    ids[i] = Ulid.NewUlid(clock);
                }

                return ids;
            },
            cancellationToken)));

        Assert.Equal(8 * perTask, batches.SelectMany(ids => ids).Distinct().Count());
        Assert.All(batches, ids => Assert.Equal(ids.Order(), ids));
    }

    [Fact]
    public async Task NewUlid_SystemClockConcurrentTasks_AllUnique()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(
            () => Enumerable.Range(0, 10_000).Select(_ => Ulid.NewUlid()).ToArray(),
            cancellationToken)));

        Assert.Equal(80_000, batches.SelectMany(ids => ids).Distinct().Count());
    }

    [Fact]
    public void NewUlid_ClockGoesBackwards_StillIncreasesAndKeepsLastTimestamp()
    {
        var clock = new ManualClock { Now = Start };
        var before = Ulid.NewUlid(clock);

        clock.Now = Start.AddMinutes(-5);
        var after = Ulid.NewUlid(clock);
        clock.Now = Start.AddSeconds(1);
        var caughtUp = Ulid.NewUlid(clock);

        Assert.True(after > before);
        Assert.Equal(Start, after.Time);
        Assert.True(caughtUp > after);
        Assert.Equal(Start.AddSeconds(1), caughtUp.Time);
    }

    [Fact]
    public void NewUlid_ClockBefore1970_ThrowsInvalidOperation()
    {
        var clock = new ManualClock { Now = DateTimeOffset.UnixEpoch.AddMilliseconds(-1) };

        Assert.Throws<InvalidOperationException>(() => Ulid.NewUlid(clock));
    }

    [Fact]
    public void Next_RandomnessExhausted_AdvancesTimestampOneMillisecond()
    {
        var last = Ulid.Parse("01ARYZ6S41ZZZZZZZZZZZZZZZY");
        var generator = new Ulid.Generator(last);

        var lastOfMillisecond = generator.Next(last.Time);
        var borrowed = generator.Next(last.Time);

        Assert.Equal("01ARYZ6S41ZZZZZZZZZZZZZZZZ", lastOfMillisecond.ToString());
        Assert.Equal(last.Time.AddMilliseconds(1), borrowed.Time);
        Assert.True(borrowed > lastOfMillisecond);
    }

    [Fact]
    public void Next_LowWordWraps_CarriesIntoHighWord()
    {
        // The low 64 bits are all ones; +1 must carry into the 16 random bits held with the timestamp.
        var last = Ulid.Parse("01ARYZ6S41000FZZZZZZZZZZZZ");
        var generator = new Ulid.Generator(last);

        var next = generator.Next(last.Time);

        Assert.Equal("01ARYZ6S41000G000000000000", next.ToString());
    }

    [Fact]
    public void TryFormatUtf8_RoundTripsThroughTryParseUtf8()
    {
        var id = Ulid.NewUlid();
        Span<byte> utf8 = stackalloc byte[40];

        Assert.True(id.TryFormat(utf8, out var written));
        Assert.Equal(26, written);
        Assert.Equal(id.ToString(), Encoding.UTF8.GetString(utf8[..written]));
        Assert.True(Ulid.TryParse(utf8[..written], out var parsed));
        Assert.Equal(id, parsed);
        Assert.True(Ulid.TryParse("01aryz6s41ilo0000000000000"u8, out var lower));
        Assert.Equal(Ulid.Parse("01ARYZ6S411100000000000000"), lower);
    }

    [Fact]
    public void TryFormat_DestinationTooSmall_ReturnsFalseAndWritesNothing()
    {
        var id = Ulid.NewUlid();
        var chars = new char[25];
        var bytes = new byte[25];

        Assert.False(id.TryFormat(chars, out var charsWritten));
        Assert.False(id.TryFormat(bytes, out var bytesWritten));
        Assert.Equal(0, charsWritten);
        Assert.Equal(0, bytesWritten);
        Assert.All(chars, c => Assert.Equal('\0', c));
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryFormat_Chars_WritesCanonicalTextAndInterpolates()
    {
        var id = Ulid.NewUlid();
        Span<char> chars = stackalloc char[26];

        Assert.True(id.TryFormat(chars, out var written));
        Assert.Equal(26, written);
        Assert.Equal(id.ToString(), chars.ToString());
        Assert.Equal($"id {id.ToString()}", $"id {id}");
    }

    [Fact]
    public void FormatAndParse_Warm_AllocateOnlyTheString()
    {
        var id = Ulid.NewUlid();
        var text = id.ToString();
        Span<char> chars = stackalloc char[26];
        Span<byte> utf8 = stackalloc byte[26];
        var parsed = Ulid.Empty;
        var succeeded = true;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            succeeded &= id.TryFormat(chars, out _);
            succeeded &= id.TryFormat(utf8, out _);
            parsed = Ulid.Parse(text.AsSpan());
            succeeded &= Ulid.TryParse(utf8, out parsed);
        }

        var formatAndParse = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            text = id.ToString();
        }

        var toString = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(succeeded);
        Assert.Equal(id, parsed);
        Assert.Equal(0, formatAndParse);
        // A 26-char string is 80 bytes on 64-bit (header, method table, length, 27 UTF-16 units, padding).
        Assert.InRange(toString, 1_000 * 70, 1_000 * 80);
    }

    [Fact]
    public void ToByteArray_RoundTripsThroughFromBytesAndConstructor()
    {
        var id = Ulid.NewUlid();
        Span<byte> written = stackalloc byte[20];
        id.WriteBytes(written);

        var bytes = id.ToByteArray();

        Assert.Equal(16, bytes.Length);
        Assert.Equal(bytes, written[..16].ToArray());
        Assert.Equal(id, Ulid.FromBytes(bytes));
        Assert.Equal(id, new Ulid(bytes));
    }

    [Fact]
    public void ToByteArray_TimestampThenRandomness_BigEndian()
    {
        byte[] randomness = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        var bytes = Ulid.FromParts(DateTimeOffset.FromUnixTimeMilliseconds(0x0102_0304_0506), randomness).ToByteArray();

        Assert.Equal([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], bytes);
    }

    [Fact]
    public void FromBytes_WrongLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Ulid.FromBytes(new byte[15]));
        Assert.Throws<ArgumentException>(() => Ulid.FromBytes(new byte[17]));
        Assert.Throws<ArgumentException>(() => Ulid.NewUlid().WriteBytes(new byte[15]));
    }

    [Fact]
    public void FromParts_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ulid.FromParts(DateTimeOffset.UnixEpoch.AddMilliseconds(-1), new byte[10]));
        Assert.Throws<ArgumentException>(() => Ulid.FromParts(Start, new byte[9]));
    }

    [Fact]
    public void CompareTo_RandomPairs_MatchesTextAndByteOrder()
    {
        var random = new Random(7);
        var bytes = new byte[16];
        for (var i = 0; i < 10_000; i++)
        {
            random.NextBytes(bytes);
            bytes[0] &= 0x7F;
            var left = new Ulid(bytes);
            // Half the pairs share the timestamp, so the randomness decides.
            if (i % 2 == 0)
            {
                random.NextBytes(bytes.AsSpan(6));
            }
            else
            {
                random.NextBytes(bytes);
            }

            var right = new Ulid(bytes);

            var expected = Math.Sign(left.ToByteArray().AsSpan().SequenceCompareTo(right.ToByteArray()));
            Assert.Equal(expected, Math.Sign(left.CompareTo(right)));
            Assert.Equal(expected, Math.Sign(string.CompareOrdinal(left.ToString(), right.ToString())));
            Assert.Equal(expected < 0, left < right);
            Assert.Equal(expected > 0, left > right);
            Assert.Equal(expected <= 0, left <= right);
            Assert.Equal(expected >= 0, left >= right);
        }
    }

    [Fact]
    public void Equals_SameValue_EqualWithSameHashCode()
    {
        var id = Ulid.NewUlid();
        var copy = Ulid.Parse(id.ToString());
        var other = Ulid.NewUlid();

        Assert.True(id == copy);
        Assert.False(id != copy);
        Assert.True(id.Equals((object)copy));
        Assert.Equal(id.GetHashCode(), copy.GetHashCode());
        Assert.True(id != other);
        Assert.False(id.Equals((object)id.ToString()));
        Assert.Equal(0, id.CompareTo(copy));
    }

    private static T ParseGeneric<T>(string text)
        where T : ISpanParsable<T> => T.Parse(text.AsSpan(), provider: null);

    private static bool TryParseGeneric<T>(string text, out T? result)
        where T : IParsable<T> => T.TryParse(text, provider: null, out result);

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
