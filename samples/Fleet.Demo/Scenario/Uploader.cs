using System.Diagnostics;
using Fleet.Contracts;
using Fleet.Demo.Reporting;
using Fleet.Events;

namespace Fleet.Demo.Scenario;

/// <summary>
/// Uploads a sample file the way an upload service would (docs/fleet.md, "An upload"): copies it to
/// <c>&lt;StorageRoot&gt;/&lt;userId&gt;/&lt;fileId&gt;-&lt;fileName&gt;</c>, then publishes <c>file.uploaded</c> on
/// contextual.events with its <c>file://</c> URI. The file id is also the upload's correlation id, and each upload
/// starts its own trace (a root span of <see cref="Source"/>), so every event it causes can be told apart.
/// </summary>
internal sealed class Uploader(IEventPublisher publisher, Journeys journeys, Narrator narrator, DemoOptions options)
{
    /// <summary>The demo's spans: one root span per upload, parent of the publish span.</summary>
    public static readonly ActivitySource Source = new("Fleet.Demo");

    /// <summary>The files that could not be uploaded (missing from samples/files/).</summary>
    public List<string> NotUploaded { get; } = [];

    public async Task UploadAsync(SampleFile sample, CancellationToken cancellationToken)
    {
        var source = Path.Combine(options.FilesDirectory, sample.Name);
        if (!File.Exists(source))
        {
            NotUploaded.Add(sample.Name);
            narrator.Step(sample.Name, "NOT UPLOADED", TimeSpan.Zero, $"{source} does not exist", failure: true);
            return;
        }

        var fileId = DemoIds.NewId();
        var directory = Path.Combine(Path.GetFullPath(options.StorageRoot), options.UserId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{fileId}-{sample.Name}");
        File.Copy(source, path);
        var size = new FileInfo(path).Length;

        using var activity = Source.StartActivity($"upload {sample.Name}", ActivityKind.Producer);
        var traceId = activity?.TraceId.ToHexString() ?? string.Empty;
        var journey = new FileJourney(sample, fileId, traceId, narrator.Time.GetUtcNow());
        journeys.Add(journey);
        var upload = new FileUploaded(fileId, options.UserId, sample.Name, size, sample.MimeType, new Uri(path).AbsoluteUri);
        var result = await publisher.PublishAsync(
            FleetStreams.Contextual,
            upload,
            new PublishOptions { CorrelationId = DemoIds.Parse(fileId), UserId = options.UserId },
            cancellationToken);
        journeys.Uploaded(journey, result.EventId.ToString());
        narrator.Step(sample.Name, "uploaded", TimeSpan.Zero, $"{size:N0} bytes, {sample.MimeType}, file id {fileId}");
    }
}
