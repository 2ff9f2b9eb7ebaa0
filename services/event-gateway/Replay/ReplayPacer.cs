namespace Fleet.EventGateway.Replay;

/// <summary>
/// Paces a job at its rate: a token bucket filled at <c>ratePerSecond</c> on the <see cref="TimeProvider"/>, holding at
/// most a tenth of a second's worth, so over any window of T seconds a job publishes at most rate × T + rate / 10 events
/// and a test drives it with a FakeTimeProvider.
/// </summary>
internal sealed class ReplayPacer
{
    private readonly double _rate;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _filledAt;

    public ReplayPacer(int ratePerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        _rate = ratePerSecond;
        _burst = Math.Max(1, ratePerSecond / 10);
        _time = time;
        _tokens = _burst;
        _filledAt = time.GetTimestamp();
    }

    /// <summary>The most events one call can grant: a tenth of a second's worth, at least 1.</summary>
    public int Burst => (int)_burst;

    /// <summary>Waits until at least one event may go and grants between 1 and <paramref name="wanted"/>.</summary>
    public async ValueTask<int> AcquireAsync(int wanted, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1);
        while (true)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_filledAt, now).TotalSeconds * _rate));
            _filledAt = now;
            if (_tokens >= 1)
            {
                var granted = (int)Math.Min(wanted, Math.Floor(_tokens));
                _tokens -= granted;
                return granted;
            }

            await Task.Delay(TimeSpan.FromSeconds((1 - _tokens) / _rate), _time, cancellationToken);
        }
    }
}
