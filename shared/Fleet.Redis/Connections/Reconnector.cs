using Polly;
using Polly.Retry;

namespace Fleet.Redis.Connections;

/// <summary>
/// Opens connections with retries: exponential backoff with jitter (Polly) between
/// <see cref="RedisClientOptions.ReconnectInitialDelay"/> and <see cref="RedisClientOptions.ReconnectMaxDelay"/>,
/// so that many clients losing one server do not return to it in lockstep. Every failure is retried, not only an
/// unreachable server: a handshake the server refuses (an ACL change, a password rotated ahead of the client) is
/// reported through <c>onRetry</c> as a configuration error and tried again, so the client comes back by itself
/// once the server's configuration is fixed. Only the caller's cancellation ends the attempts.
/// </summary>
internal sealed class Reconnector
{
    private readonly RedisClientOptions _options;
    private readonly RedisConnection.PushHandler? _pushHandler;
    private readonly ResiliencePipeline _pipeline;

    public Reconnector(RedisClientOptions options, RedisConnection.PushHandler? pushHandler, Action<Exception, TimeSpan>? onRetry = null)
    {
        _options = options;
        _pushHandler = pushHandler;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static arguments => ValueTask.FromResult(
                    arguments.Outcome.Exception is { } error
                    && !(error is OperationCanceledException && arguments.Context.CancellationToken.IsCancellationRequested)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ReconnectInitialDelay,
                MaxDelay = options.ReconnectMaxDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = arguments =>
                {
                    onRetry?.Invoke(arguments.Outcome.Exception!, arguments.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Tries until connected or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<RedisConnection> ConnectAsync(CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static async (state, token) => await RedisConnection.ConnectAsync(state._options, state._pushHandler, token).ConfigureAwait(false),
            this,
            cancellationToken).ConfigureAwait(false);

    /// <summary>Tries for at most <paramref name="within"/>; then fails with the last connection error.</summary>
    public async Task<RedisConnection> ConnectWithinAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        Exception? last = null;
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    try
                    {
                        return await RedisConnection.ConnectAsync(_options, _pushHandler, token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        last = ex;
                        throw;
                    }
                },
                deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RedisConnectionException(
                $"Redis at {_options} stayed unreachable for {within.TotalMilliseconds:0} ms (ReconnectWaitTimeout): {last?.Message ?? "no attempt finished"}",
                last,
                last is RedisConnectionException { IsConfigurationError: true });
        }
    }
}
