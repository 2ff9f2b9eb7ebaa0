using System.Globalization;

namespace Fleet.EventGateway.Api.Hosting;

/// <summary>The RFC 9457 problem details the API answers with, written in one place.</summary>
internal static class GatewayProblems
{
    public static IResult TooLarge(long limit) => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: string.Create(CultureInfo.InvariantCulture, $"The body is larger than Gateway:MaxRequestBytes ({limit} bytes)."));

    public static IResult Invalid(string title, Dictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: title, detail: string.Create(CultureInfo.InvariantCulture, $"{errors.Values.Sum(e => e.Length)} rule(s) broken; see errors."));

    public static IResult InvalidParameter(string name, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [name] = [message] }, title: $"The query parameter '{name}' is not valid.");

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Unavailable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: detail);
}
