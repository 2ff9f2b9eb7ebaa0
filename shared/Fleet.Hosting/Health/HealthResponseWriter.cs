using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Hosting.Health;

/// <summary>
/// The body of <c>/health/live</c> and <c>/health/ready</c>: <c>{"status":"Unhealthy","description":"…"}</c>, the
/// description joined from the checks that are not healthy (FleetEventsHealthCheck's says which group is not reading
/// and why). Small on purpose: a probe reads the status code, a human reads the description.
/// </summary>
internal static class HealthResponseWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var descriptions = report.Entries.Values
            .Where(entry => entry.Status != HealthStatus.Healthy || report.Status == HealthStatus.Healthy)
            .Select(entry => entry.Description ?? entry.Exception?.Message)
            .Where(description => !string.IsNullOrEmpty(description));
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("status", report.Status.ToString());
            var description = string.Join(" ", descriptions);
            if (description.Length > 0)
            {
                writer.WriteString("description", description);
            }

            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }
}
