using System.Net;
using System.Text.Json.Nodes;
using Fleet.Contracts;
using NUlid;

namespace Fleet.EndToEnd.Tests.Gateway;

/// <summary>
/// What the gateway refuses never reaches Redis: broken JSON, an unknown type, a wrong version, data that breaks its
/// contract, a body over the size limit, a batch with one bad event, a call without a key or with a read-only key. Each
/// is answered with its status and problem details, and Redis's keys and stream lengths stay as they were; one valid
/// event afterwards shows that the same comparison sees a publish.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class MalformedInputIntegrationTests(GatewayFixture fixture)
{
    [Fact]
    public async Task PostEvents_MalformedInput_RefusedAndNothingReachesRedis()
    {
        var gateway = fixture.Gateway;
        var userId = "e2e-malformed";
        var valid = Preferences(userId).ToJsonString();
        var wellFormed = """{"type": "user.preferences.updated", "data": """ + valid + "}";
        var oversize = new JsonObject { ["type"] = "user.preferences.updated", ["data"] = Preferences(userId), ["metadata"] = new JsonObject { ["padding"] = new string('x', GatewayNode.MaxRequestBytes) } };
        var cases = new (string Path, string Body, string? Key, HttpStatusCode Status, string Why)[]
        {
            ("events", """{"type": "user.preferences.updated", "data": {"user_id": """, gateway.AdminKey, HttpStatusCode.BadRequest, "broken JSON"),
            ("events", "[1, 2, 3]", gateway.AdminKey, HttpStatusCode.BadRequest, "not an object"),
            ("events", """{"type": "no.such.type", "data": """ + valid + "}", gateway.AdminKey, HttpStatusCode.BadRequest, "an unknown type"),
            ("events", """{"type": "user.preferences.updated", "version": 99, "data": """ + valid + "}", gateway.AdminKey, HttpStatusCode.BadRequest, "an unknown version"),
            ("events", """{"type": "user.preferences.updated", "data": {"user_id": "", "channels": ["pigeon"]}}""", gateway.AdminKey, HttpStatusCode.BadRequest, "data that breaks the contract"),
            ("events", """{"type": "user.preferences.updated", "data": {"user_id": "e2e-malformed", "channels": []}, "correlationId": "not-a-ulid"}""", gateway.AdminKey, HttpStatusCode.BadRequest, "a bad correlation id"),
            ("events", oversize.ToJsonString(), gateway.AdminKey, HttpStatusCode.RequestEntityTooLarge, "a body over Gateway:MaxRequestBytes"),
            ("events/batch", """{"events": [{"type": "user.preferences.updated", "data": """ + valid + """}, {"type": "user.preferences.updated", "data": {}}]}""", gateway.AdminKey, HttpStatusCode.BadRequest, "a batch with one bad event"),
            ("events", wellFormed, null, HttpStatusCode.Unauthorized, "no API key"),
            ("events", wellFormed, "not-a-key", HttpStatusCode.Unauthorized, "a wrong API key"),
            ("events", wellFormed, gateway.ReadOnlyKey, HttpStatusCode.Forbidden, "a read-only key"),
        };

        var before = await SnapshotAsync();
        foreach (var (path, body, key, status, why) in cases)
        {
            using var response = await gateway.PostTextAsync(path, body, key);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == status, $"{why}: expected {(int)status}, got {(int)response.StatusCode} {text}");
            if (status == HttpStatusCode.BadRequest)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(before, await SnapshotAsync());

        // The control: the same comparison sees one valid event.
        var correlationId = Ulid.NewUlid().ToString();
        var accepted = await gateway.PostAsync("events", new { type = "user.preferences.updated", data = Preferences(userId), correlationId });
        var after = await SnapshotAsync();
        var stream = fixture.Bus.Keys.Stream(FleetStreams.User);
        Assert.Equal(before.GetValueOrDefault(stream) + 1, after[stream]);
        Assert.Equal(FleetStreams.User, (string?)accepted["stream"]);
    }

    private JsonNode Preferences(string userId) =>
        JsonNode.Parse(fixture.Bus.Registry.Serialize(new UserPreferencesUpdated(userId, [NotificationChannel.Email], null, userId + "@example.com"), out _))!;

    /// <summary>
    /// Every key in Redis, with its length for a stream (XLEN) and -1 for any other type. Left out are what the fleet's
    /// own consumers write whenever they start reading, whatever the API is asked: empty streams (their groups create
    /// them, XGROUP CREATE … MKSTREAM, the archiver on :dlq and :parked; an empty stream holds no event) and live-instance
    /// keys (<c>{key}:instance:{group}:{consumer}</c>, <c>StreamKeys.Instance</c>, set with a time to
    /// live by every running consumer and renewed as it reads).
    /// </summary>
    private async Task<SortedDictionary<string, long>> SnapshotAsync()
    {
        var redis = fixture.Bus.Client;
        var snapshot = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in (await redis.ExecuteAsync("KEYS", "*")).Elements.Select(e => e.Value.ToString()))
        {
            if (name.Contains(":instance:", StringComparison.Ordinal))
            {
                continue;
            }

            var type = (await redis.ExecuteAsync("TYPE", name)).Value.ToString();
            var length = type == "stream" ? await redis.XLenAsync(name) : -1;
            if (length != 0)
            {
                snapshot[name] = length;
            }
        }

        return snapshot;
    }
}
