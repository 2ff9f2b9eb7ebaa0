using System.Text;

namespace Fleet.Redis.Tests.Streams;

public sealed class StreamFieldTests
{
    [Fact]
    public void Constructor_BytesThatAreUtf8_HoldsTheNameAsText()
    {
        var field = new StreamField(Encoding.UTF8.GetBytes("naïve"), "v");

        Assert.False(field.HasBinaryName);
        Assert.Equal("naïve", field.Name);
        Assert.Equal(Encoding.UTF8.GetBytes("naïve"), field.NameBytes.ToArray());
        Assert.Equal(new StreamField("naïve", "v"), field);
    }

    [Fact]
    public void Constructor_BytesThatAreNotUtf8_KeepsThemAndShowsReplacementCharacters()
    {
        byte[] name = [(byte)'a', 0xFF, 0x00];

        var field = new StreamField(name, "v");

        Assert.True(field.HasBinaryName);
        Assert.Equal(name, field.NameBytes.ToArray());
        Assert.Equal("a\uFFFD\0", field.Name);
        Assert.NotEqual(new StreamField("a\uFFFD\0", "v"), field);
        Assert.Equal(new StreamField([(byte)'a', 0xFF, 0x00], "v"), field);
        Assert.Equal(new StreamField([(byte)'a', 0xFF, 0x00], "v").GetHashCode(), field.GetHashCode());
    }

    [Fact]
    public void Equals_SameNameTextAndBytesValue_AreEqual()
    {
        Assert.Equal(new StreamField("a", "1"), new StreamField("a", "1"u8.ToArray()));
        Assert.NotEqual(new StreamField("a", "1"), new StreamField("b", "1"));
        Assert.NotEqual(new StreamField("a", "1"), new StreamField("a", "2"));
    }

    [Fact]
    public void With_NewValue_KeepsTheNameBytes()
    {
        var field = new StreamField([0xFF], "old") with { Value = "new" };

        Assert.Equal(new byte[] { 0xFF }, field.NameBytes.ToArray());
        Assert.Equal("new", field.Value.ToString());
    }

    [Fact]
    public void Deconstruct_Field_GivesNameAndValue()
    {
        var (name, value) = new StreamField("a", 1);

        Assert.Equal("a", name);
        Assert.Equal(1, value.ToInt64());
    }
}
