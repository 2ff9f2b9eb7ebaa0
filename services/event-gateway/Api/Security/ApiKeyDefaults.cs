namespace Fleet.EventGateway.Api.Security;

/// <summary>The names other parts of the gateway use to protect their endpoints (PLAN10's fixed interface).</summary>
internal static class ApiKeyDefaults
{
    /// <summary>The authentication scheme.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The request header carrying the key.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>The query parameter carrying the key on server-sent-event endpoints (EventSource cannot send headers).</summary>
    public const string QueryParameter = "access_token";

    /// <summary>Policy: a read-only or an admin key (every GET).</summary>
    public const string ReadPolicy = "fleet-read";

    /// <summary>Policy: an admin key (every POST, PUT, DELETE).</summary>
    public const string AdminPolicy = "fleet-admin";

    /// <summary>The role claim of an admin key.</summary>
    public const string AdminRole = "admin";

    /// <summary>The role claim of a read-only key.</summary>
    public const string ReadOnlyRole = "read-only";
}
