namespace Fleet.EventGateway.Api.Security;

/// <summary>What a key may do.</summary>
internal enum ApiKeyRole
{
    /// <summary>Read (GET) only.</summary>
    ReadOnly,

    /// <summary>Everything, state-changing calls included.</summary>
    Admin,
}
