namespace Fleet.EventGateway.Api.Security;

/// <summary>One key as configured, before hashing; <see cref="Source"/> names where it came from (never the key).</summary>
internal readonly record struct ConfiguredApiKey(ApiKeyRole Role, string Key, string Source);
