using System.Text;
using Fleet.Redis.Protocol;

namespace Fleet.Redis.Tests.Protocol;

public sealed class RespReaderTests
{
    [Theory]
    [InlineData("_\r\n")]
    [InlineData("$-1\r\n")]
    [InlineData("*-1\r\n")]
    public void Read_EveryNullForm_IsNull(string resp)
    {
        var result = Parse(resp);

        Assert.True(result.IsNull);
        Assert.Equal(RedisResultType.Null, result.Type);
    }

    [Fact]
    public void Read_SimpleString_ReturnsText()
    {
        var result = Parse("+OK\r\n");

        Assert.Equal(RedisResultType.SimpleString, result.Type);
        Assert.Equal("OK", result.ToString());
    }

    [Fact]
    public void Read_BulkStringWithBinaryBytes_KeepsEveryByte()
    {
        byte[] payload = [0, 13, 10, 255, 36, 42];
        var frame = "$6\r\n"u8.ToArray().Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();

        var result = Parse(frame);

        Assert.Equal(RedisResultType.BulkString, result.Type);
        Assert.Equal(payload, result.Value.ToArray());
    }

    [Fact]
    public void Read_Integer_ReturnsNumber()
    {
        var result = Parse(":-9223372036854775808\r\n");

        Assert.Equal(long.MinValue, result.ToInt64());
    }

    [Theory]
    [InlineData(",1.5\r\n", 1.5)]
    [InlineData(",-0.25\r\n", -0.25)]
    [InlineData(",10\r\n", 10.0)]
    [InlineData(",1.23e4\r\n", 12300.0)]
    [InlineData(",inf\r\n", double.PositiveInfinity)]
    [InlineData(",-inf\r\n", double.NegativeInfinity)]
    public void Read_Double_ReturnsValue(string resp, double expected)
    {
        var result = Parse(resp);

        Assert.Equal(RedisResultType.Double, result.Type);
        Assert.Equal(expected, result.ToDouble());
    }

    [Fact]
    public void Read_DoubleNan_ReturnsNaN()
    {
        Assert.True(double.IsNaN(Parse(",nan\r\n").ToDouble()));
    }

    [Theory]
    [InlineData("#t\r\n", true)]
    [InlineData("#f\r\n", false)]
    public void Read_Boolean_ReturnsValue(string resp, bool expected)
    {
        var reader = new RespReader(Encoding.ASCII.GetBytes(resp));

        Assert.Equal(expected, reader.ReadBoolean());
    }

    [Fact]
    public void Read_BigNumber_KeepsAllDigits()
    {
        var result = Parse("(3492890328409238509324850943850943825024385\r\n");

        Assert.Equal(RedisResultType.BigNumber, result.Type);
        Assert.Equal("3492890328409238509324850943850943825024385", result.ToString());
    }

    [Fact]
    public void Read_VerbatimString_DropsFormatPrefix()
    {
        var result = Parse("=15\r\ntxt:Some string\r\n");

        Assert.Equal(RedisResultType.VerbatimString, result.Type);
        Assert.Equal("Some string", result.ToString());
    }

    [Fact]
    public void Read_NestedArrays_KeepsStructure()
    {
        var result = Parse("*3\r\n:1\r\n*2\r\n$1\r\na\r\n*1\r\n_\r\n*0\r\n");

        Assert.Equal(RedisResultType.Array, result.Type);
        Assert.Equal(3, result.Elements.Count);
        Assert.Equal(1, result[0].ToInt64());
        Assert.Equal("a", result[1][0].ToString());
        Assert.True(result[1][1][0].IsNull);
        Assert.Empty(result[2].Elements);
    }

    [Fact]
    public void Read_Map_FlattensToKeyValuePairs()
    {
        var result = Parse("%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n#t\r\n");

        Assert.Equal(RedisResultType.Map, result.Type);
        Assert.Equal(["first", "1", "second", "1"], result.Elements.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_Set_ReturnsMembers()
    {
        var result = Parse("~2\r\n+a\r\n+b\r\n");

        Assert.Equal(RedisResultType.Set, result.Type);
        Assert.Equal(["a", "b"], result.Elements.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_PushFrame_ReturnsPushWithElements()
    {
        var result = Parse(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");

        Assert.Equal(RedisResultType.Push, result.Type);
        Assert.Equal(["message", "ch", "hi"], result.Elements.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_AttributeBeforeValue_SkipsAttribute()
    {
        var result = Parse("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:1\r\n:2\r\n");

        Assert.Equal(RedisResultType.Array, result.Type);
        Assert.Equal([1L, 2L], result.Elements.Select(e => e.ToInt64()));
    }

    [Theory]
    [InlineData("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "WRONGTYPE")]
    [InlineData("!21\r\nSYNTAX invalid syntax\r\n", "SYNTAX")]
    public void Read_ErrorNestedInArray_KeepsMessage(string error, string prefix)
    {
        var result = Parse("*2\r\n+OK\r\n" + error);

        Assert.Equal(RedisResultType.Error, result[1].Type);
        var thrown = Assert.Throws<RedisServerException>(result[1].ThrowIfError);
        Assert.Equal(prefix, thrown.Prefix);
    }

    [Fact]
    public void ReadAggregateLength_MapOfTwoPairs_CountsFourValuesLikeResp2FlatArray()
    {
        var map = new RespReader("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n"u8);
        var array = new RespReader("*4\r\n+a\r\n:1\r\n+b\r\n:2\r\n"u8);

        Assert.Equal(4, map.ReadAggregateLength());
        Assert.Equal(4, array.ReadAggregateLength());
    }

    [Fact]
    public void ReadInt64_BulkStringHoldingNumber_ParsesIt()
    {
        var reader = new RespReader("$3\r\n123\r\n"u8);

        Assert.Equal(123, reader.ReadInt64());
    }

    [Fact]
    public void ReadInt64_NotANumber_ThrowsProtocolError()
    {
        Assert.Throws<RedisProtocolException>(() =>
        {
            var reader = new RespReader("+abc\r\n"u8);
            reader.ReadInt64();
        });
    }

    private static RedisResult Parse(string resp) => Parse(Encoding.UTF8.GetBytes(resp));

    private static RedisResult Parse(byte[] frame)
    {
        Assert.True(RespScanner.TryScan(frame, out var length));
        Assert.Equal(frame.Length, length);
        var reader = new RespReader(frame);
        var result = RedisResult.Read(ref reader);
        Assert.True(reader.IsAtEnd);
        return result;
    }
}
