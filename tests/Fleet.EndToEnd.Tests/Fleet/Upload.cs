using Fleet.Contracts;

namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>A file the test put in storage and announced with <c>file.uploaded</c>.</summary>
/// <param name="Event">The <c>file.uploaded</c> record.</param>
/// <param name="EventId">Its envelope id: the causation id of what file-processor publishes for it.</param>
/// <param name="EntryId">Its entry on contextual.events.</param>
internal sealed record Upload(FileUploaded Event, string EventId, string EntryId)
{
    public string FileId => Event.FileId;
}
