namespace Fleet.MarketMonitor.Tests.Support;

/// <summary>A CSV file of the test's own in the temp folder, deleted on dispose.</summary>
internal sealed class TempCsv : IDisposable
{
    public TempCsv(params string[] lines)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fleet-ticks-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(Path, string.Join('\n', lines) + "\n");
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
