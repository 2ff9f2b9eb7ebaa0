using Fleet.Contracts;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Connection;

namespace Fleet.Ctl.Schemas;

/// <summary>
/// Writes the JSON Schema of every registered event type with <see cref="EventCatalogueDocument.Schemas"/>, the code
/// that generates docs/schemas, so an export is those files byte for byte. Needs neither Redis nor the gateway.
/// </summary>
internal sealed class SchemasExportCommand : FleetCommand<SchemasExportSettings>
{
    protected override async Task<int> RunAsync(SchemasExportSettings settings, CancellationToken cancellationToken)
    {
        var schemas = EventCatalogueDocument.Schemas(FleetBus.Contracts());
        try
        {
            Directory.CreateDirectory(settings.Output);
            foreach (var (name, content) in schemas.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                await File.WriteAllTextAsync(Path.Combine(settings.Output, name), content, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"cannot write to '{settings.Output}': {e.Message}", e);
        }

        Terminal.Out.MarkupLineInterpolated($"wrote {schemas.Count} schemas to {Path.GetFullPath(settings.Output)}");
        return ExitCodes.Ok;
    }
}
