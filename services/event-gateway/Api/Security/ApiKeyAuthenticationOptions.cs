using Microsoft.AspNetCore.Authentication;

namespace Fleet.EventGateway.Api.Security;

/// <summary>The <c>ApiKey</c> scheme's options (none beyond the base class: the keys are <see cref="ApiKeyStore"/>'s).</summary>
internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;
