namespace Fleet.EventGateway.Api.Security;

/// <summary>
/// Endpoint metadata: this endpoint also accepts the key as <c>?access_token=</c> (server-sent events, which a browser's
/// EventSource opens without custom headers). Everywhere else a key in the URL would end up in access logs, so it is ignored.
/// </summary>
internal sealed class QueryApiKeyMetadata
{
    public static QueryApiKeyMetadata Instance { get; } = new();
}
