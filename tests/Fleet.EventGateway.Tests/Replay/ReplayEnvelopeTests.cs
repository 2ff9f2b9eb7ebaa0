using System.Text.Json;
using Fleet.Contracts;
using Fleet.EventGateway.Replay;
using NUlid;

namespace Fleet.EventGateway.Tests.Replay;

public sealed class ReplayEnvelopeTests
{
    private static readonly Ulid Job = Ulid.NewUlid(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void IdOf_SameJobAndOriginal_IsTheSameIdWithTheJobsTime()
    {
        var original = Ulid.NewUlid().ToString();

        var id = ReplayEnvelope.IdOf(Job, original);

        Assert.Equal(id, ReplayEnvelope.IdOf(Job, original));
        Assert.Equal(Job.Time, id.Time);
        Assert.NotEqual(id, ReplayEnvelope.IdOf(Job, Ulid.NewUlid().ToString()));
        Assert.NotEqual(id, ReplayEnvelope.IdOf(Ulid.NewUlid(Job.Time), original));
    }

    [Fact]
    public void Build_ArchivedEvent_KeepsItsFieldsAndMetadataAndAddsTheReplayMarks()
    {
        var original = ArchivedEvents.Event(FleetStreams.Market, "market.data.collected", 3, Ulid.NewUlid().ToString(), """{"source":"feed","replay_job":"older","n":[1,2]}""");
        var now = new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero);

        var envelope = ReplayEnvelope.Build(original, Job, now, traceParent: null, traceState: null);

        Assert.Equal((original.Type, original.Version, now, original.UserId), (envelope.Type, envelope.Version, envelope.Timestamp, envelope.UserId));
        Assert.Equal(original.CorrelationId, envelope.CorrelationId?.ToString());
        Assert.True(JsonElement.DeepEquals(original.Data, JsonDocument.Parse(envelope.Data).RootElement));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["source"] = "feed",
                ["n"] = "[1,2]",
                [ReplayEnvelope.ReplayOf] = original.Id,
                [ReplayEnvelope.ReplayOriginalTimestamp] = "2026-11-22T10:00:03.000Z",
                [ReplayEnvelope.ReplayJob] = Job.ToString(),
            },
            envelope.Metadata);
    }
}
