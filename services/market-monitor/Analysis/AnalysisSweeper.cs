using Microsoft.Extensions.Options;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// Every <see cref="AnalysisOptions.SweepInterval"/>, runs each symbol's script without a tick: skips gaps that waited
/// past <see cref="AnalysisOptions.GapTimeout"/> and publishes results whose lease ran out (their replica died before
/// publishing), also when no more ticks arrive (the end of a feed). Runs in every replica; the script is atomic and the
/// leases keep two sweeps from publishing the same result at once.
/// </summary>
internal sealed class AnalysisSweeper(
    MarketAnalyzer analyzer, ResultPublisher results, IOptions<AnalysisOptions> options, TimeProvider time, ILogger<AnalysisSweeper> logger)
    : BackgroundService
{
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var failed = false;
        foreach (var symbol in analyzer.Symbols)
        {
            try
            {
                var outcome = await analyzer.SweepAsync(symbol, cancellationToken).ConfigureAwait(false);
                await results.PublishAsync(symbol, outcome.Results, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Redis unreachable or a publish failed: the results stay unconfirmed and the next sweep tries again.
                // Logged once per outage, not once per symbol and interval.
                if (!_failing)
                {
                    Log.SweepFailed(logger, e, symbol, e.Message);
                }

                failed = true;
            }
        }

        _failing = failed;
    }
}
