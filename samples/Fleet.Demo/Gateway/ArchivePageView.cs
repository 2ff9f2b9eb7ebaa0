namespace Fleet.Demo.Gateway;

/// <summary>A list of archived events as the gateway answers it (<c>{ "events": [...] }</c>).</summary>
internal sealed record ArchivePageView(IReadOnlyList<ArchivedEventView> Events);
