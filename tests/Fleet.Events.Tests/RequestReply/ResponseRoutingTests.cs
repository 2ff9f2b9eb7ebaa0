using System.Text;
using Fleet.Events.RequestReply;
using Fleet.Redis;

namespace Fleet.Events.Tests.RequestReply;

public sealed class ResponseRoutingTests
{
    [Fact]
    public void TryRead_TextFields_ReturnsTypeAndCorrelationId()
    {
        var routing = new ResponseRouting();
        var correlationId = Ulid.NewUlid();

        Assert.True(routing.TryRead(Fields("quote.given", correlationId.ToString(), asBytes: false), out var type, out var read));

        Assert.Equal("quote.given", type);
        Assert.Equal(correlationId, read);
    }

    [Fact]
    public void TryRead_ByteFieldsAsRedisReturnsThem_ReusesOneStringPerType()
    {
        var routing = new ResponseRouting();
        var correlationId = Ulid.NewUlid();

        Assert.True(routing.TryRead(Fields("quote.given", correlationId.ToString(), asBytes: true), out var first, out var read));
        Assert.True(routing.TryRead(Fields("quote.given", Ulid.NewUlid().ToString(), asBytes: true), out var second, out _));

        Assert.Equal("quote.given", first);
        Assert.Equal(correlationId, read);
        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-ulid")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAV-and-more-text-than-a-ulid")]
    public void TryRead_NoUsableCorrelationId_IsFalse(string correlation)
    {
        var routing = new ResponseRouting();

        Assert.False(routing.TryRead(Fields("quote.given", correlation, asBytes: true), out _, out _));
    }

    [Fact]
    public void TryRead_NoTypeField_IsFalse()
    {
        var routing = new ResponseRouting();
        StreamField[] fields = [new(EnvelopeFields.CorrelationId, Ulid.NewUlid().ToString())];

        Assert.False(routing.TryRead(fields, out _, out _));
    }

    private static StreamField[] Fields(string type, string correlation, bool asBytes) =>
    [
        new(EnvelopeFields.Id, Ulid.NewUlid().ToString()),
        new(EnvelopeFields.Type, asBytes ? Encoding.UTF8.GetBytes(type) : type),
        new(EnvelopeFields.Version, "1"),
        new(EnvelopeFields.CorrelationId, asBytes ? Encoding.UTF8.GetBytes(correlation) : correlation),
        new(EnvelopeFields.Data, "{}"),
    ];
}
