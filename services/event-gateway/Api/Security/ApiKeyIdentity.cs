using System.Security.Claims;

namespace Fleet.EventGateway.Api.Security;

/// <summary>
/// A configured key as the gateway knows it after start: the SHA-256 of the key (the key itself is not kept), its role,
/// its name (<c>admin-1a2b3c4d</c>: the role and the first 8 hex digits of the hash, safe to log and to record in
/// metadata) and the principal a request with it runs as, built once.
/// </summary>
internal sealed class ApiKeyIdentity
{
    public ApiKeyIdentity(byte[] hash, ApiKeyRole role)
    {
        Hash = hash;
        Role = role;
        Name = string.Concat(RoleName(role), "-", Convert.ToHexStringLower(hash, 0, 4));
        Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, Name), new Claim(ClaimTypes.Role, RoleName(role))],
            ApiKeyDefaults.Scheme,
            ClaimTypes.Name,
            ClaimTypes.Role));
    }

    public byte[] Hash { get; }

    public ApiKeyRole Role { get; }

    public string Name { get; }

    public ClaimsPrincipal Principal { get; }

    public static string RoleName(ApiKeyRole role) => role == ApiKeyRole.Admin ? ApiKeyDefaults.AdminRole : ApiKeyDefaults.ReadOnlyRole;
}
