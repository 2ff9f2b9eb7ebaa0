using System.Globalization;
using System.Text;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Processes;
using NUlid;
using PuppeteerSharp;

namespace Fleet.EventGateway.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (headless Debian chromium) against the gateway and dead-letter-reaper as real processes
/// on a real Redis. Each test writes to a stream of its own. Waits are on the page's DOM or on Redis, never on the clock:
/// the issue's "within a second" for the live tail is the design target (one XREAD BLOCK per tail, no polling), which this
/// slow shared machine cannot be asked to prove.
/// </summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Page_StreamTheTestFills_ShowsItsLength()
    {
        const int count = 7;
        for (var i = 0; i < count; i++)
        {
            await AppendAsync(FleetStreams.Market, "market.data.collected", $"{{\"symbol\":\"FLT\",\"price\":{100 + i}}}");
        }

        await using var page = await fixture.OpenDashboardAsync(DashboardFixture.ReadKey);

        await DashboardFixture.WaitForAsync(
            page,
            $"document.querySelector('#streams tr[data-stream=\"{FleetStreams.Market}\"] td.length')?.textContent === '{count}'",
            $"{FleetStreams.Market} with length {count}");
    }

    [Fact]
    public async Task LiveTail_EventsPublishedWhileFollowing_AppearWithTraceLinkAndConversationAndMalformedAsRawFields()
    {
        await using var page = await fixture.OpenDashboardAsync();
        await page.WaitForSelectorAsync($"#tail-stream option[value=\"{FleetStreams.User}\"]", new WaitForSelectorOptions { Timeout = Timeout });
        await page.SelectAsync("#tail-stream", FleetStreams.User);
        await page.ClickAsync("#tail-toggle");
        // The tail reads from its start position once it said ready, so what is written after this shows.
        await DashboardFixture.WaitForAsync(page, $"document.getElementById('tail-state').dataset.ready === '{FleetStreams.User}'", "the tail ready");

        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var published = await AppendAsync(FleetStreams.User, "user.registered", "{\"user_id\":\"u-42\",\"tier\":\"free\"}", $"00-{traceId}-00f067aa0ba902b7-01");
        var id = published.Id.ToString();
        await fixture.Redis.XAddAsync(fixture.Keys.Stream(FleetStreams.User), [new StreamField("id", "not-a-ulid"), new StreamField("junk", "{\"broken\":")], cancellationToken: Cancel);

        await DashboardFixture.WaitForAsync(page, $"document.querySelector('#tail li[data-event-id=\"{id}\"]') !== null", $"event {id} in the tail");
        await DashboardFixture.WaitForAsync(page, "document.querySelector('#tail li.malformed') !== null", "the malformed entry in the tail");
        var link = await page.EvaluateExpressionAsync<string>($"document.querySelector('#tail li[data-event-id=\"{id}\"] a.trace').href");
        Assert.Equal($"{DashboardFixture.JaegerUrl}/trace/{traceId}", link);
        var raw = await page.EvaluateExpressionAsync<string>("document.querySelector('#tail li.malformed pre').textContent");
        Assert.Contains("junk = {\"broken\":", raw, StringComparison.Ordinal);

        // The conversation view reads the archive: once the archiver has the event, its correlation link shows it there.
        var correlationId = published.CorrelationId!.Value.ToString();
        await Eventually.TrueAsync(() => IsArchivedAsync(correlationId), $"the archive has correlation {correlationId}; logs:\n{fixture.Logs}", DashboardFixture.Limit);
        await page.ClickAsync($"#tail li[data-event-id=\"{id}\"] a.correlation");
        await DashboardFixture.WaitForAsync(page, $"document.querySelector('#conversation li[data-event-id=\"{id}\"]') !== null", $"event {id} in its conversation");

        await ScreenshotAsync(page, "dashboard.png");
    }

    [Fact]
    public async Task RedriveButton_ParkedEntry_IsPutBackOnItsStreamByTheReaper()
    {
        var stream = FleetStreams.Contextual;
        var eventId = Ulid.NewUlid().ToString();
        var parked = await ParkAsync(stream, eventId);
        await using var page = await fixture.OpenDashboardAsync();
        await page.WaitForSelectorAsync($"#dl-stream option[value=\"{stream}\"]", new WaitForSelectorOptions { Timeout = Timeout });
        await page.SelectAsync("#dl-stream", stream);
        Assert.Equal("parked", await page.EvaluateExpressionAsync<string>("document.getElementById('dl-kind').value"));

        // Found and clicked in one step in the page: the list is drawn again when it loads again, replacing its rows.
        await DashboardFixture.WaitForAsync(
            page,
            $"(b => b ? (b.click(), true) : false)(document.querySelector('#dead-letters tr[data-entry-id=\"{parked}\"] button.redrive'))",
            $"the re-drive button of parked entry {parked}");

        await Eventually.TrueAsync(
            async () => (await fixture.Redis.XRangeAsync(fixture.Keys.Stream(stream), cancellationToken: Cancel)).Any(e => e["id"].ToString() == eventId),
            $"event {eventId} is back on {stream}; logs:\n{fixture.Logs}",
            DashboardFixture.Limit);
        Assert.Empty(await fixture.Redis.XRangeAsync(fixture.Keys.Parked(stream), parked, parked, cancellationToken: Cancel));
    }

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static int Timeout => (int)Eventually.Scaled(DashboardFixture.Limit).TotalMilliseconds;

    /// <summary>XADDs an envelope (DESIGN.md section 3) of <paramref name="type"/> to <paramref name="stream"/>, with a correlation id.</summary>
    private async Task<EventEnvelope> AppendAsync(string stream, string type, string json, string? traceParent = null)
    {
        var envelope = new EventEnvelope
        {
            Id = Ulid.NewUlid(),
            Type = type,
            Version = 1,
            Timestamp = TimeProvider.System.GetUtcNow(),
            CorrelationId = Ulid.NewUlid(),
            Data = Encoding.UTF8.GetBytes(json),
            TraceParent = traceParent,
        };
        await fixture.Redis.XAddAsync(fixture.Keys.Stream(stream), EnvelopeCodec.Encode(envelope), cancellationToken: Cancel);
        return envelope;
    }

    private async Task<bool> IsArchivedAsync(string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Gateway, $"events?correlationId={correlationId}"));
        request.Headers.Add("X-Api-Key", DashboardFixture.ReadKey);
        using var response = await Http.SendAsync(request, Cancel);
        response.EnsureSuccessStatusCode();
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return page.RootElement.GetProperty("events").GetArrayLength() > 0;
    }

    /// <summary>
    /// A parked entry as dead-letter-reaper writes one (docs/services/dead-letter-reaper.md): the original envelope, the
    /// consumer runtime's <c>dlq_*</c> fields, then <c>parked_reason</c> and <c>parked_at</c>. Returns its entry id.
    /// </summary>
    private async Task<string> ParkAsync(string stream, string eventId)
    {
        var now = TimeProvider.System.GetUtcNow();
        var envelope = new EventEnvelope
        {
            Id = Ulid.Parse(eventId),
            Type = "file.uploaded",
            Version = 1,
            Timestamp = now,
            Data = Encoding.UTF8.GetBytes("{\"file_id\":\"f-1\",\"user_id\":\"u-1\",\"name\":\"report.pdf\"}"),
        };
        List<StreamField> fields = [.. EnvelopeCodec.Encode(envelope)];
        fields.AddRange(
        [
            new StreamField(DeadLetterFields.SourceStream, stream),
            new StreamField(DeadLetterFields.EntryId, "1-0"),
            new StreamField(DeadLetterFields.Group, "file-processor"),
            new StreamField(DeadLetterFields.Consumer, "file-processor-1"),
            new StreamField(DeadLetterFields.DeliveryCount, "1"),
            new StreamField(DeadLetterFields.ErrorType, DeadLetterErrorTypes.Permanent),
            new StreamField(DeadLetterFields.ErrorMessage, "dashboard test: parked on purpose"),
            new StreamField(DeadLetterFields.Exception, string.Empty),
            new StreamField(DeadLetterFields.FailedAt, EnvelopeCodec.FormatTimestamp(now)),
            new StreamField("parked_reason", "policy"),
            new StreamField("parked_at", EnvelopeCodec.FormatTimestamp(now)),
        ]);
        var id = await fixture.Redis.XAddAsync(fixture.Keys.Parked(stream), fields, cancellationToken: Cancel);
        return id?.ToString() ?? throw new InvalidOperationException("XADD returned no id.");
    }

    /// <summary>Saves the page under the test project's TestResults/ and prints the path.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(ServiceBinaries.RepositoryRoot, "tests", "Fleet.EventGateway.Tests", "TestResults");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dashboard screenshot: {path}"));
    }
}
