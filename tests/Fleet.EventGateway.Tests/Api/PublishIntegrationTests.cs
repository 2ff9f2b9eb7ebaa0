using System.Net;
using System.Text;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.EventGateway.Tests.Api.Support;
using Fleet.Testing;
using NUlid;

namespace Fleet.EventGateway.Tests.Api;

/// <summary>POST /events and /events/batch on a real Redis: what is valid lands on the stream, nothing else reaches Redis.</summary>
public sealed class PublishIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Publish_ValidEvent_Returns202AndTheEntryCarriesTheEnvelope()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);
        var correlationId = Ulid.NewUlid().ToString();
        var body = SampleEvents.FileUploaded(correlationId, ",\"userId\":\"user-1\",\"metadata\":{\"source\":\"test\"}");

        using var response = await host.PostAsync("/events", body);

        var result = await GatewayApiHost.JsonAsync(response, 202);
        Assert.Equal(FleetStreams.Contextual, result.GetProperty("stream").GetString());
        var entries = await host.Redis.XRangeAsync(host.Keys.Stream(FleetStreams.Contextual), cancellationToken: TestContext.Current.CancellationToken);
        var entry = Assert.Single(entries);
        Assert.Equal(result.GetProperty("entryId").GetString(), entry.Id.ToString());
        Assert.Equal(result.GetProperty("id").GetString(), entry["id"].ToString());
        Assert.Equal("file.uploaded", entry["type"].ToString());
        Assert.Equal("1", entry["version"].ToString());
        Assert.Equal(correlationId, entry["correlation_id"].ToString());
        Assert.Equal("user-1", entry["user_id"].ToString());
        using var data = JsonDocument.Parse(entry["data"].ToString());
        Assert.Equal("report.pdf", data.RootElement.GetProperty("file_name").GetString());
        using var metadata = JsonDocument.Parse(entry["metadata"].ToString());
        Assert.Equal("test", metadata.RootElement.GetProperty("source").GetString());
        Assert.Equal("event-gateway", metadata.RootElement.GetProperty("published_by").GetString());
        Assert.StartsWith("admin-", metadata.RootElement.GetProperty("api_key").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayApiHost.AdminKey, entry["metadata"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_EveryRuleBroken_Returns400NamingEachRuleAndWritesNothing()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);
        const string Body = """
            {"type":"file.uploaded","version":1,
             "data":{"file_id":"not-a-ulid","user_id":"../etc","file_name":"","size_bytes":-1,"mime_type":"x","storage_uri":"file:///data/a"},
             "correlationId":"123","causationId":"ZZZZZZZZZZZZZZZZZZZZZZZZZZ","userId":"no spaces allowed","stream":"market.events",
             "metadata":{"published_by":"someone","count":1},"extra":true}
            """;

        using var response = await host.PostAsync("/events", Body);

        var errors = await GatewayApiHost.ErrorsAsync(response);
        Assert.Equal(
            ["causationId", "correlationId", "extra", "metadata.count", "metadata.published_by", "stream", "userId"],
            errors.Keys.Where(k => k != "data").Order(StringComparer.Ordinal));
        Assert.Empty(await host.KeysAsync());

        // With the envelope right, the data's own rules are each named: id, user id, name, size, media type.
        using var dataOnly = await host.PostAsync("/events", """{"type":"file.uploaded","data":{"file_id":"not-a-ulid","user_id":"../etc","file_name":"","size_bytes":-1,"mime_type":"x","storage_uri":"file:///data/a"}}""");
        var dataErrors = Assert.Single(await GatewayApiHost.ErrorsAsync(dataOnly));
        Assert.Equal("data", dataErrors.Key);
        foreach (var field in new[] { "FileId", "UserId", "FileName", "SizeBytes", "MimeType" })
        {
            Assert.Contains(dataErrors.Value, message => message.Contains(field, StringComparison.Ordinal));
        }

        Assert.Empty(await host.KeysAsync());
    }

    [Theory]
    [InlineData("""{"type":"file.exploded","data":{}}""", "type")]
    [InlineData("""{"type":"user.tier.changed","version":2,"data":{"user_id":"u1","tier":"pro"}}""", "version")]
    [InlineData("""{"type":"user.tier.changed","version":0,"data":{"user_id":"u1","tier":"pro"}}""", "version")]
    [InlineData("""{"type":"user.tier.changed"}""", "data")]
    [InlineData("""{"type":"user.tier.changed","data":[1]}""", "data")]
    [InlineData("""{"type":"user.tier.changed","data":{"user_id":"u1","tier":"platinum"}}""", "data")]
    [InlineData("""{"data":{"user_id":"u1","tier":"pro"}}""", "type")]
    [InlineData("""[1,2]""", "event")]
    public async Task Publish_BrokenRule_Returns400NamingTheField(string body, string field)
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);

        using var response = await host.PostAsync("/events", body);

        Assert.Equal([field], (await GatewayApiHost.ErrorsAsync(response)).Keys);
        Assert.Empty(await host.KeysAsync());
    }

    [Fact]
    public async Task Publish_BodyNotJson_Returns400AndWritesNothing()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);

        using var response = await host.PostAsync("/events", """{"type":"file.uploaded","data":{""");

        var problem = await GatewayApiHost.JsonAsync(response, 400);
        Assert.Equal("The body is not valid JSON", problem.GetProperty("title").GetString());
        Assert.Empty(await host.KeysAsync());
    }

    [Fact]
    public async Task Publish_BodyOverMaxRequestBytes_Returns413WithOrWithoutContentLength()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, settings => settings["Gateway:MaxRequestBytes"] = "1024");
        var body = SampleEvents.FileUploaded(extra: $",\"metadata\":{{\"pad\":\"{new string('x', 2000)}\"}}");

        using var declared = await host.PostAsync("/events", body);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, new Uri("/events", UriKind.Relative))
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))),
        };
        chunked.Headers.Add("X-Api-Key", GatewayApiHost.AdminKey);
        chunked.Content.Headers.ContentType = new("application/json");
        using var streamed = await host.Client.SendAsync(chunked, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal("application/problem+json", declared.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await host.KeysAsync());
    }

    [Fact]
    public async Task Batch_OneInvalidEvent_Returns400NamingItAndPublishesNone()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);
        var body = $$$"""{"events":[{{{SampleEvents.FileUploaded()}}},{"type":"user.tier.changed","data":{"user_id":"u1","tier":"gold"}},{{{SampleEvents.TierChanged("u2")}}}]}""";

        using var response = await host.PostAsync("/events/batch", body);

        Assert.Equal(["events[1].data"], (await GatewayApiHost.ErrorsAsync(response)).Keys);
        Assert.Empty(await host.KeysAsync());
    }

    [Fact]
    public async Task Batch_AllValid_PublishesEachInOrderToItsStream()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);
        var body = $$"""{"events":[{{SampleEvents.TierChanged("u1")}},{{SampleEvents.FileUploaded()}},{{SampleEvents.TierChanged("u2")}}]}""";

        using var response = await host.PostAsync("/events/batch", body);

        var results = (await GatewayApiHost.JsonAsync(response, 202)).GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal([FleetStreams.User, FleetStreams.Contextual, FleetStreams.User], results.Select(r => r.GetProperty("stream").GetString()));
        var users = await host.Redis.XRangeAsync(host.Keys.Stream(FleetStreams.User), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["u1", "u2"], users.Select(e => e["user_id"].ToString()));
        Assert.Equal(results[2].GetProperty("entryId").GetString(), users[1].Id.ToString());
        Assert.Equal(1, await host.Redis.XLenAsync(host.Keys.Stream(FleetStreams.Contextual), TestContext.Current.CancellationToken));
    }
}
