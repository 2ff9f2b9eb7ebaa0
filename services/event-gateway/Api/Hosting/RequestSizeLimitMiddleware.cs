using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Api.Hosting;

/// <summary>
/// Gateway:MaxRequestBytes for every request: one that declares a larger Content-Length is answered 413 before its body
/// is read, and the server's own limit (Kestrel's MaxRequestBodySize) is set to the same value for chunked bodies.
/// </summary>
internal sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<GatewayApiOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBytes;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _limit)
        {
            return GatewayProblems.TooLarge(_limit).ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }

        return next(context);
    }
}
