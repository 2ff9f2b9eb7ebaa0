using Fleet.Redis;

namespace Fleet.Events.Tests.DeadLetters;

/// <summary>The one reader of <c>:dlq</c> and <c>:parked</c> entries, on entries as the writer and the reaper leave them and as a hostile producer might.</summary>
public sealed class DeadLetterRecordTests
{
    private static readonly RedisStreamId Id = new(1_796_206_667_504, 3);

    [Fact]
    public void Read_ParkedEntry_GivesTheOriginalTheDeadLetterAndTheParkingFields()
    {
        var entry = new StreamEntry(Id,
        [
            new(EnvelopeFields.Id, "01JDQ8Z0000000000000000001"),
            new(EnvelopeFields.Type, "file.uploaded"),
            new(EnvelopeFields.Data, "{}"),
            new(DeadLetterFields.Redrives, "2"),
            new(DeadLetterFields.SourceStream, "contextual.events"),
            new(DeadLetterFields.EntryId, "1796206660000-0"),
            new(DeadLetterFields.Group, "file-processor"),
            new(DeadLetterFields.Consumer, "file-processor-1"),
            new(DeadLetterFields.DeliveryCount, "5"),
            new(DeadLetterFields.ErrorType, DeadLetterErrorTypes.MaxDeliveries),
            new(DeadLetterFields.ErrorMessage, "the store is down"),
            new(DeadLetterFields.Exception, "System.IO.IOException"),
            new(DeadLetterFields.FailedAt, "2026-12-02T10:30:45.123Z"),
            new(DeadLetterFields.ParkedReason, "max_redrives"),
            new(DeadLetterFields.ParkedAt, "2026-12-02T10:31:00.000Z"),
        ]);

        var letter = DeadLetterRecord.Read("contextual.events", entry);

        Assert.Equal(("contextual.events", Id, entry), (letter.Stream, letter.Id, letter.Entry));
        Assert.Equal(("01JDQ8Z0000000000000000001", "file.uploaded"), (letter.EventId, letter.EventType));
        Assert.Equal(("contextual.events", "1796206660000-0", "file-processor", "file-processor-1"), (letter.SourceStream, letter.OriginalEntryId, letter.Group, letter.Consumer));
        Assert.Equal((5L, "max_deliveries", "the store is down", "System.IO.IOException"), (letter.DeliveryCount, letter.ErrorType, letter.ErrorMessage, letter.Exception));
        Assert.Equal("2026-12-02T10:30:45.123Z", letter.FailedAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 30, 45, 123, TimeSpan.Zero), letter.FailedAtTime);
        Assert.Equal((2, "max_redrives", "2026-12-02T10:31:00.000Z"), (letter.Redrives, letter.ParkedReason, letter.ParkedAt));
        Assert.True(letter.Matches("max_deliveries", "file.uploaded"));
        Assert.False(letter.Matches("validation", null));
        Assert.False(letter.Matches(null, "file.processed"));
    }

    [Fact]
    public void Read_HostileEntry_NeverThrowsAndKeepsTheFirstOfRepeatedFields()
    {
        var entry = new StreamEntry(Id,
        [
            new("garbage", "x"),
            new(DeadLetterFields.ErrorType, "validation"),
            new(DeadLetterFields.ErrorType, "forged"),
            new(DeadLetterFields.DeliveryCount, "-1"),
            new(DeadLetterFields.FailedAt, "yesterday"),
            new(DeadLetterFields.Redrives, "many"),
        ]);

        var letter = DeadLetterRecord.Read("user.events", entry);

        Assert.Equal("validation", letter.ErrorType);
        Assert.Null(letter.EventId);
        Assert.Null(letter.ErrorMessage);
        Assert.Null(letter.DeliveryCount);
        Assert.Null(letter.FailedAtTime);
        Assert.Equal("yesterday", letter.FailedAt);
        Assert.Equal(0, letter.Redrives);
        Assert.Equal(new Dictionary<string, string>
        {
            ["garbage"] = "x",
            [DeadLetterFields.ErrorType] = "validation",
            [DeadLetterFields.DeliveryCount] = "-1",
            [DeadLetterFields.FailedAt] = "yesterday",
            [DeadLetterFields.Redrives] = "many",
        }, letter.FieldTexts());
    }
}
