using System.Globalization;
using System.Text.RegularExpressions;
using Fleet.Contracts;
using Fleet.MarketMonitor.Feeds;
using Microsoft.Extensions.Options;

namespace Fleet.MarketMonitor;

/// <summary>Checks <see cref="MarketMonitorOptions"/> at start; each failure names the option as <c>MarketMonitor:…</c>.</summary>
internal sealed partial class MarketMonitorOptionsValidator : IValidateOptions<MarketMonitorOptions>
{
    /// <summary>The largest <see cref="CollectorOptions.BatchSize"/>: one fenced script appends the whole batch.</summary>
    public const int MaxBatchSize = 10_000;

    public ValidateOptionsResult Validate(string? name, MarketMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateSymbols(options.Symbols, failures);
        ValidateCollector(options.Collector, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSymbols(List<string> symbols, List<string> failures)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < symbols.Count; i++)
        {
            if (!SymbolRegex().IsMatch(symbols[i] ?? string.Empty))
            {
                failures.Add(Invariant($"MarketMonitor:Symbols:{i} must be a symbol ({Ids.SymbolPattern}: upper case letters, digits, '.', '/', '-'); got '{symbols[i]}'."));
            }
            else if (!seen.Add(symbols[i]))
            {
                failures.Add(Invariant($"MarketMonitor:Symbols:{i} repeats '{symbols[i]}'."));
            }
        }
    }

    private static void ValidateCollector(CollectorOptions collector, List<string> failures)
    {
        if (!Enum.IsDefined(collector.Feed))
        {
            failures.Add("MarketMonitor:Collector:Feed must be csv or random.");
        }

        if (!double.IsFinite(collector.Speed) || collector.Speed < 0)
        {
            failures.Add(Invariant($"MarketMonitor:Collector:Speed must be 0 (as fast as possible) or more market seconds per second; got {collector.Speed}."));
        }

        if (collector.MaxPause <= TimeSpan.Zero)
        {
            failures.Add(Invariant($"MarketMonitor:Collector:MaxPause must be above 0; got {collector.MaxPause:c}."));
        }

        if (!double.IsFinite(collector.TicksPerSecond) || collector.TicksPerSecond < 0)
        {
            failures.Add(Invariant($"MarketMonitor:Collector:TicksPerSecond must be 0 (as fast as possible) or more; got {collector.TicksPerSecond}."));
        }

        if (collector.MaxLead < 0)
        {
            failures.Add(Invariant($"MarketMonitor:Collector:MaxLead must be 0 (no limit) or more; got {collector.MaxLead}."));
        }

        if (collector.BatchSize is < 1 or > MaxBatchSize)
        {
            failures.Add(Invariant($"MarketMonitor:Collector:BatchSize must be between 1 and {MaxBatchSize}; got {collector.BatchSize}."));
        }

        // The file only matters to a replica that may collect; checked now so a wrong path stops the process at start
        // rather than when it first wins the lease.
        if (collector.Enabled && collector.Feed == FeedKind.Csv)
        {
            if (string.IsNullOrWhiteSpace(collector.CsvPath))
            {
                failures.Add("MarketMonitor:Collector:CsvPath is required while MarketMonitor:Collector:Feed is csv.");
            }
            else if (!File.Exists(collector.CsvFullPath))
            {
                failures.Add($"MarketMonitor:Collector:CsvPath: no file at {collector.CsvFullPath}.");
            }
            else if (CsvTickFeed.CheckHeader(collector.CsvFullPath) is { } problem)
            {
                failures.Add($"MarketMonitor:Collector:CsvPath: {problem}");
            }
        }
    }

    [GeneratedRegex(Ids.SymbolPattern, RegexOptions.CultureInvariant)]
    private static partial Regex SymbolRegex();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
