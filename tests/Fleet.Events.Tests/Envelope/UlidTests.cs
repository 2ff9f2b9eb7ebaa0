using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Events.Tests.Envelope;

public sealed class UlidTests
{
    private const string Max = "7ZZZZZZZZZZZZZZZZZZZZZZZZZ";
    private static readonly DateTimeOffset Start = new(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);

    [Fact]
    public void ParseExact_FormattedRandomValues_RoundTripsUpperCase()
    {
        var random = new Random(20240506);
        var randomness = new byte[10];
        for (var i = 0; i < 10_000; i++)
        {
            random.NextBytes(randomness);
            var time = DateTimeOffset.FromUnixTimeMilliseconds(random.NextInt64(0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
            var id = FromParts(time, randomness);

            var text = id.ToString();

            Assert.Matches("^[0-7][0-9A-HJKMNP-TV-Z]{25}$", text);
            Assert.Equal(id, Ulid.ParseExact(text));
            Assert.True(Ulid.TryParseExact(Encoding.UTF8.GetBytes(text), out var fromUtf8));
            Assert.Equal(id, fromUtf8);
            Assert.Equal(time, id.Time);
        }
    }

    [Fact]
    public void ToString_SpecTimestamp_StartsWithSpecPrefix()
    {
        var id = FromParts(DateTimeOffset.FromUnixTimeMilliseconds(1469918176385), new byte[10]);

        Assert.Equal("01ARYZ6S410000000000000000", id.ToString());
        Assert.Equal("00000000000000000000000000", Ulid.Empty.ToString());
    }

    [Fact]
    public void ParseExact_MaxValue_IsAllOnesAndRoundTrips()
    {
        // Its timestamp (year 10889) is past DateTimeOffset's range, which NUlid's own Parse refuses with an exception.
        var id = Ulid.ParseExact(Max);

        Assert.All(id.ToByteArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(Max, id.ToString());
        Assert.True(Ulid.TryParseExact("7zzzzzzzzzzzzzzzzzzzzzzzzz"u8, out var lower));
        Assert.Equal(id, lower);
    }

    [Fact]
    public void ParseExact_EveryDigit_ReadsItsValue()
    {
        // Each digit in the last place adds its index in the alphabet.
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (var value = 0; value < alphabet.Length; value++)
        {
            var bytes = Ulid.ParseExact(new string('0', 25) + alphabet[value]).ToByteArray();

            Assert.Equal(value, bytes[15]);
        }
    }

    [Fact]
    public void ParseExact_LowerCase_EqualsUpperCase()
    {
        var id = Ulid.NewUlid(TimeProvider.System);

        Assert.Equal(id, Ulid.ParseExact(id.ToString().ToLowerInvariant()));
        Assert.Equal(Ulid.ParseExact("01ARYZ6S41ABCDEFGHJKMNPQRS"), Ulid.ParseExact("01aryz6s41abcdefghjkmnpqrs"));
    }

    [Theory]
    [InlineData("01ARYZ6S41I000000000000000", "01ARYZ6S411000000000000000")]
    [InlineData("01ARYZ6S41iLlOo00000000000", "01ARYZ6S411110000000000000")]
    [InlineData("O1ARYZ6S41000000000000000L", "01ARYZ6S410000000000000001")]
    public void ParseExact_CrockfordAliases_ReadIAndLAsOneAndOAsZero(string aliased, string canonical)
    {
        var id = Ulid.ParseExact(aliased);

        Assert.Equal(Ulid.ParseExact(canonical), id);
        Assert.Equal(canonical, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("01ARYZ6S41000000000000000")]
    [InlineData("01ARYZ6S4100000000000000000")]
    [InlineData(" 01ARYZ6S410000000000000000")]
    [InlineData("01ARYZ6S41-0000-0000-0000-0000")]
    [InlineData("01ARYZ6S41-0000000000000000")]
    public void ParseExact_WrongLength_ThrowsFormatExceptionNamingInput(string text)
    {
        // NUlid's own Parse drops the hyphens of longer text and reads the last two as ids.
        var error = Assert.Throws<FormatException>(() => Ulid.ParseExact(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{text.Length} characters", error.Message, StringComparison.Ordinal);
        Assert.False(Ulid.TryParseExact(text, out _));
        Assert.False(Ulid.TryParseExact(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("01ARYZ6S41U000000000000000", 'U', 10)]
    [InlineData("01ARYZ6S41-000000000000000", '-', 10)]
    [InlineData("01ARYZ6S41 000000000000000", ' ', 10)]
    [InlineData("01ARYZ6S4100000000000000é0", 'é', 24)]
    [InlineData("{1ARYZ6S410000000000000000", '{', 0)]
    public void ParseExact_InvalidCharacter_ThrowsFormatExceptionNamingIt(string text, char bad, int position)
    {
        var error = Assert.Throws<FormatException>(() => Ulid.ParseExact(text.AsSpan()));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{bad}' at position {position}", error.Message, StringComparison.Ordinal);
        Assert.False(Ulid.TryParseExact(text, out var result));
        Assert.Equal(Ulid.Empty, result);
        Assert.False(Ulid.TryParseExact(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("80000000000000000000000000")]
    [InlineData("ZZZZZZZZZZZZZZZZZZZZZZZZZZ")]
    [InlineData("z0000000000000000000000000")]
    public void ParseExact_FirstCharacterAboveSeven_ThrowsOverflowFormatException(string text)
    {
        // NUlid's own Parse wraps these into another id ("8000…" reads as "0000…").
        var error = Assert.Throws<FormatException>(() => Ulid.ParseExact(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("overflows", error.Message, StringComparison.Ordinal);
        Assert.False(Ulid.TryParseExact(text, out _));
        Assert.False(Ulid.TryParseExact(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void ParseExact_LongInput_QuotesOnlyItsStart()
    {
        var text = new string('0', 10_000);

        var error = Assert.Throws<FormatException>(() => Ulid.ParseExact(text));

        Assert.Contains(new string('0', 64) + "...'", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 200);
    }

    [Fact]
    public void ParseExact_Null_ThrowsArgumentNullAndTryParseIsFalse()
    {
        Assert.Throws<ArgumentNullException>(() => Ulid.ParseExact((string)null!));
        Assert.False(Ulid.TryParseExact((string?)null, out _));
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

        var id = Ulid.NewUlid(TimeProvider.System);

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
            () => Enumerable.Range(0, 10_000).Select(_ => Ulid.NewUlid(TimeProvider.System)).ToArray(),
            cancellationToken)));

        Assert.Equal(80_000, batches.SelectMany(ids => ids).Distinct().Count());
    }

    [Fact]
    public void NewUlid_ClockGoesBackwards_StillIncreasesAndKeepsLastTimestamp()
    {
        // NUlid's monotonic rng alone would stamp the earlier time and so sort the new id before the last one.
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
        var last = Ulid.ParseExact("01ARYZ6S41ZZZZZZZZZZZZZZZY");
        var generator = new UlidGenerator(last);

        var lastOfMillisecond = generator.Next(last.Time);
        var borrowed = generator.Next(last.Time);

        Assert.Equal("01ARYZ6S41ZZZZZZZZZZZZZZZZ", lastOfMillisecond.ToString());
        Assert.Equal(last.Time.AddMilliseconds(1), borrowed.Time);
        Assert.True(borrowed > lastOfMillisecond);
    }

    [Fact]
    public void Next_RandomPartWraps_CarriesIntoHigherBytes()
    {
        // The low 64 bits are all ones; +1 must carry into the 16 random bits beside the timestamp.
        var last = Ulid.ParseExact("01ARYZ6S41000FZZZZZZZZZZZZ");
        var generator = new UlidGenerator(last);

        var next = generator.Next(last.Time);

        Assert.Equal("01ARYZ6S41000G000000000000", next.ToString());
    }

    [Fact]
    public void ParseExactAndNewUlid_Warm_AllocateNothingAndToStringOnlyItsString()
    {
        var clock = new FakeTimeProvider(Start);
        var id = Ulid.NewUlid(clock);
        var text = id.ToString();
        var utf8 = Encoding.UTF8.GetBytes(text);
        var expected = id;
        var parsed = Ulid.Empty;
        var succeeded = true;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            parsed = Ulid.ParseExact(text.AsSpan());
            succeeded &= Ulid.TryParseExact(utf8, out parsed);
            id = Ulid.NewUlid(clock);
        }

        var parseAndNew = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            text = id.ToString();
        }

        var toString = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(succeeded);
        Assert.Equal(expected, parsed);
        Assert.Equal(0, parseAndNew);
        // A 26-char string is 80 bytes on 64-bit (header, method table, length, 27 UTF-16 units, padding).
        Assert.InRange(toString, 1_000 * 70, 1_000 * 80);
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
        }
    }

    // A ULID of a timestamp and 10 bytes of randomness, laid out as the spec says (48-bit big-endian milliseconds first).
    private static Ulid FromParts(DateTimeOffset time, ReadOnlySpan<byte> randomness)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], time.ToUnixTimeMilliseconds() << 16);
        randomness.CopyTo(bytes[6..]);
        return new Ulid(bytes);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
