using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fleet.EventGateway.Api.Security;

/// <summary>
/// The <c>ApiKey</c> scheme: the key of the <c>X-Api-Key</c> header (or, on server-sent-event endpoints only, of
/// <c>?access_token=</c>) looked up in <see cref="ApiKeyStore"/>. No key: no result (the policy's challenge answers 401);
/// a wrong key: failed (401). The challenge and the forbid answers are RFC 9457 problem details.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    private const string EventStream = "text/event-stream";
    private const string SsePathPrefix = "/dashboard/sse/";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[ApiKeyDefaults.Header];
        if (presented.Count == 0 && AcceptsQueryKey())
        {
            presented = Request.Query[ApiKeyDefaults.QueryParameter];
        }

        if (presented.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (presented.Count > 1 || keys.Find(presented[0]) is not { } identity)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(identity.Principal, ApiKeyDefaults.Scheme)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = ApiKeyDefaults.Scheme;
        var detail = Request.Headers.ContainsKey(ApiKeyDefaults.Header)
            ? "The API key in the X-Api-Key header is not valid."
            : "This call needs an API key in the X-Api-Key header.";
        return WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync(StatusCodes.Status403Forbidden, "Forbidden", keys.HasAdminKey
            ? "This call changes state and needs an admin key; the key given is read-only."
            : "This call changes state and needs an admin key; this gateway has none configured (Gateway:ApiKeys:Admin).");
    }

    private async Task WriteAsync(int status, string title, string detail)
    {
        var problem = new ProblemDetailsContext { HttpContext = Context, ProblemDetails = { Status = status, Title = title, Detail = detail } };
        if (!await problems.TryWriteAsync(problem))
        {
            // A client that accepts no JSON (a browser's EventSource asks for text/event-stream only) gets the reason as
            // text: WriteAsync would throw, and the client would see a 500 instead of its 401 or 403.
            Response.ContentType = "text/plain; charset=utf-8";
            await Response.WriteAsync($"{title}: {detail}");
        }
    }

    private bool AcceptsQueryKey()
    {
        if (!HttpMethods.IsGet(Request.Method))
        {
            return false;
        }

        if (Request.Path.StartsWithSegments(SsePathPrefix.TrimEnd('/'), StringComparison.Ordinal))
        {
            return true;
        }

        var endpoint = Context.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<QueryApiKeyMetadata>() is not null
            || endpoint?.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Any(p => p.ContentTypes.Contains(EventStream, StringComparer.OrdinalIgnoreCase)) == true;
    }
}
