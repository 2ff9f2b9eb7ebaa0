using System.Text;
using Fleet.Events;

namespace Fleet.Contracts.Tests;

/// <summary>The rules a publisher enforces on the fleet's events (the same ones a consumer dead-letters on).</summary>
public sealed class ContractValidationTests
{
    private const string FileId = "01JDQ3ZK8M6W4XN2V5B7C9D0EF";

    public static TheoryData<FileUploaded, string> BadUploads => new()
    {
        { Upload() with { FileId = "not-a-ulid" }, "FileId" },
        { Upload() with { FileId = "81JDQ3ZK8M6W4XN2V5B7C9D0EF" }, "FileId" },
        { Upload() with { UserId = "../etc" }, "UserId" },
        { Upload() with { UserId = "a:b" }, "UserId" },
        { Upload() with { UserId = "" }, "UserId" },
        { Upload() with { FileName = "" }, "FileName" },
        { Upload() with { SizeBytes = -1 }, "SizeBytes" },
        { Upload() with { MimeType = "" }, "MimeType" },
        { Upload() with { StorageUri = "" }, "StorageUri" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task PublishAsync_FileUploadedBreakingARule_IsRefusedNamingTheField(FileUploaded upload, string field)
    {
        await using var host = new ContractsHost();

        var error = await Assert.ThrowsAsync<EventValidationException>(() => host.Publisher.PublishAsync(FleetStreams.Contextual, upload, cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_ValidUpload_IsAccepted()
    {
        await using var host = new ContractsHost();

        var result = await host.Publisher.PublishAsync(FleetStreams.Contextual, Upload(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(default, result.EventId);
    }

    [Theory]
    [InlineData(NotificationChannel.Webhook, null, "x@example.com", "WebhookUrl")]
    [InlineData(NotificationChannel.Email, "https://example.com/hook", null, "Email")]
    public async Task PublishAsync_PreferencesWithoutTheChannelsAddress_IsRefused(NotificationChannel channel, string? webhook, string? email, string field)
    {
        await using var host = new ContractsHost();
        var preferences = new UserPreferencesUpdated("user-1", [channel], webhook, email);

        var error = await Assert.ThrowsAsync<EventValidationException>(() => host.Publisher.PublishAsync(FleetStreams.User, preferences, cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_PreferencesRepeatingAChannel_IsRefused()
    {
        await using var host = new ContractsHost();
        var preferences = new UserPreferencesUpdated("user-1", [NotificationChannel.Log, NotificationChannel.Log]);

        var error = await Assert.ThrowsAsync<EventValidationException>(() => host.Publisher.PublishAsync(FleetStreams.User, preferences, cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("Channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_RedriveRequestWithABadSelection_IsRefusedNamingEveryRuleOfTheSelection()
    {
        await using var host = new ContractsHost();
        var request = new DeadLetterRedriveRequested(new ParkedEntrySelection("user.events", ["nope"], "Bad Type", Limit: 0));

        var error = await Assert.ThrowsAsync<EventValidationException>(() => host.Publisher.PublishAsync(FleetStreams.System, request, cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(["Selection.EntryIds", "Selection.ErrorType", "Selection.Limit"], error.Failures.Select(f => f.Member).Order(StringComparer.Ordinal));
        Assert.Contains("Selection.EntryIds must be stream entry ids such as 1700000000000-0.", error.Errors);
    }

    [Fact]
    public async Task Serialize_EnumsAndNames_AreLowerCaseSnakeCase()
    {
        await using var host = new ContractsHost();

        var json = Encoding.UTF8.GetString(host.Registry.Serialize(Upload() with { Priority = Priority.High }, out _));
        var preferences = Encoding.UTF8.GetString(host.Registry.Serialize(new UserPreferencesUpdated("u", [NotificationChannel.Webhook, NotificationChannel.Email], "https://h/x", "a@b.c"), out _));

        Assert.Contains("\"priority\":\"high\"", json, StringComparison.Ordinal);
        Assert.Contains("\"storage_uri\":", json, StringComparison.Ordinal);
        Assert.Contains("\"channels\":[\"webhook\",\"email\"]", preferences, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deserialize_UploadWithoutPriority_IsNormal()
    {
        await using var host = new ContractsHost();
        var json = """{"file_id":"01JDQ3ZK8M6W4XN2V5B7C9D0EF","user_id":"u","file_name":"a.txt","size_bytes":3,"mime_type":"text/plain","storage_uri":"file:///data/a.txt"}"""u8.ToArray();

        var upload = (FileUploaded)host.Registry.Deserialize("file.uploaded", 1, json);

        Assert.Equal(Priority.Normal, upload.Priority);
    }

    private static FileUploaded Upload() => new(FileId, "user-1", "report.pdf", 1234, "application/pdf", "file:///srv/uploads/user-1/report.pdf");
}
