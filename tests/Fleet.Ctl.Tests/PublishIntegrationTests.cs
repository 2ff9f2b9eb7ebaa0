using System.Text.Json.Nodes;
using Fleet.Events;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.Ctl.Tests;

/// <summary>fleetctl publish against a real redis-server, run as a process.</summary>
public sealed class PublishIntegrationTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    private const string Upload = """{"file_id":"01JDQ8Z0000000000000000001","user_id":"u1","file_name":"a.pdf","mime_type":"application/pdf","size_bytes":10,"storage_uri":"file:///tmp/a.pdf"}""";

    [Fact]
    public async Task Publish_ValidEvent_AppendsTheEnvelopeToTheTypesFirstStream()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var result = (await redis.RunAsync("publish", "file.uploaded", "--data", Upload, "--json",
            "--correlation-id", "01JDQ8Z0000000000000000009", "--user-id", "u1", "--metadata", """{"source":"test"}"""))
            .ShouldExitWith(0).ShouldHaveNoAnsi();

        var printed = JsonNode.Parse(Assert.Single(result.Output))!;
        var entries = await redis.Client.XRangeAsync(redis.Keys.Stream("contextual.events"), cancellationToken: TestContext.Current.CancellationToken);
        var envelope = EnvelopeCodec.Decode(Assert.Single(entries).Fields);
        Assert.Equal(printed["id"]!.ToString(), envelope.Id.ToString());
        Assert.Equal(entries[0].Id.ToString(), printed["entryId"]!.ToString());
        Assert.Equal("file.uploaded", envelope.Type);
        Assert.Equal("01JDQ8Z0000000000000000009", envelope.CorrelationId.ToString());
        Assert.Equal("u1", envelope.UserId);
        Assert.Equal("test", envelope.Metadata!["source"]);
        Assert.Equal("a.pdf", JsonNode.Parse(envelope.Data.Span)!["file_name"]!.ToString());
    }

    [Fact]
    public async Task Publish_DataFromFileToAnotherStream_PublishesThere()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var file = Path.Combine(Path.GetTempPath(), $"fleetctl-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, Upload, TestContext.Current.CancellationToken);
        try
        {
            (await redis.RunAsync("publish", "file.uploaded", "--data", "@" + file, "--stream", "uploads.events")).ShouldExitWith(0);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(1, await redis.Client.XLenAsync(redis.Keys.Stream("uploads.events"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Publish_InvalidInput_ExitsTwoNamingEveryBrokenRuleAndWritesNothing()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var result = (await redis.RunAsync("publish", "file.uploaded", "--data", """{"file_id":"not-a-ulid","size_bytes":-1,"colour":"red"}""",
            "--correlation-id", "nope", "--metadata", """{"n":1}""")).ShouldExitWith(2).ShouldHaveNoAnsi();

        Assert.Contains("--correlation-id must be a ULID", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--metadata 'n' must be a string", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("data has no field 'colour'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("FileId", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("The UserId field is required", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("SizeBytes", result.Stderr, StringComparison.Ordinal);
        Assert.False(await redis.Client.ExistsAsync(redis.Keys.Stream("contextual.events"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Publish_UnknownType_ExitsTwo()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var result = (await redis.RunAsync("publish", "file.exploded", "--data", "{}")).ShouldExitWith(2);
        Assert.Contains("'file.exploded' is not a registered event type", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_RedisUnreachable_ExitsOneWithoutShowingThePassword()
    {
        var port = FreePort.Next();
        var result = (await FleetCtl.RunAsync(["publish", "file.uploaded", "--data", Upload, "--redis", $"redis://:s3cret-pass@127.0.0.1:{port}"]))
            .ShouldExitWith(1);
        Assert.Contains("unreachable", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_MalformedRedisUrlFromEnvironment_ExitsTwoNamingTheVariableWithoutThePassword()
    {
        var result = (await FleetCtl.RunAsync(["publish", "file.uploaded", "--data", Upload], new Dictionary<string, string?> { ["REDIS_URL"] = "redis://:s3cret-pass@localhost:6379/notadb" }))
            .ShouldExitWith(2);
        Assert.Contains("REDIS_URL is not a valid Redis URL", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", result.Stderr, StringComparison.Ordinal);
    }
}
