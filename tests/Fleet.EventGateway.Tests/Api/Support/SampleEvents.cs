using NUlid;

namespace Fleet.EventGateway.Tests.Api.Support;

/// <summary>Request bodies of valid events (the contracts' JSON is snake_case).</summary>
internal static class SampleEvents
{
    public static string FileUploadedData(string? fileId = null) =>
        $$"""{"file_id":"{{fileId ?? Ulid.NewUlid().ToString()}}","user_id":"user-1","file_name":"report.pdf","size_bytes":1024,"mime_type":"application/pdf","storage_uri":"file:///data/uploads/report.pdf"}""";

    public static string FileUploaded(string? correlationId = null, string? extra = null) =>
        $$"""{"type":"file.uploaded","data":{{FileUploadedData()}}{{(correlationId is null ? "" : $",\"correlationId\":\"{correlationId}\"")}}{{extra ?? ""}}}""";

    public static string TierChanged(string userId) =>
        $$"""{"type":"user.tier.changed","version":1,"data":{"user_id":"{{userId}}","tier":"pro"},"userId":"{{userId}}"}""";
}
