namespace Fleet.EndToEnd.Tests.Processes;

/// <summary>
/// The directory a fleet's processes write their output to: <c>FLEET_E2E_LOGS</c> when set (kept after the run), else a
/// temporary directory deleted with the fleet.
/// </summary>
internal sealed class ProcessLogs : IDisposable
{
    private const string LogsVariable = "FLEET_E2E_LOGS";

    private readonly bool _keep;

    private ProcessLogs(string path, bool keep)
    {
        Path = path;
        _keep = keep;
    }

    public string Path { get; }

    public static ProcessLogs Create()
    {
        var logs = Environment.GetEnvironmentVariable(LogsVariable);
        return string.IsNullOrEmpty(logs)
            ? new ProcessLogs(Directory.CreateTempSubdirectory("fleet-e2e-logs-").FullName, keep: false)
            : new ProcessLogs(Directory.CreateDirectory(logs).FullName, keep: true);
    }

    /// <summary>Deletes <paramref name="path"/> with everything under it, if it is there; never throws.</summary>
    public static void DeleteDirectory(string? path)
    {
        try
        {
            if (path is not null && Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaner.
        }
    }

    public void Dispose()
    {
        if (!_keep)
        {
            DeleteDirectory(Path);
        }
    }
}
