using Fleet.Redis.Telemetry;

namespace Fleet.Redis.Connections;

/// <summary>
/// Raises a public event (of RedisClient or RedisSubscriber) so that user handlers cannot reach the connection's internals: each delegate of the
/// invocation list runs on its own, and what one throws is counted (<c>fleet.redis.event_handler.errors</c>),
/// handed to <c>onError</c> and goes no further, so the next handler still runs and the reconnect, read loop
/// or flush that raised the event carries on.
/// </summary>
internal static class EventHandlers
{
    public static void Raise<TArgs>(EventHandler<TArgs>? handlers, object sender, TArgs args, string eventName, Action<string, Exception>? onError) =>
        Invoke(handlers, (sender, args), static (handler, state) => ((EventHandler<TArgs>)handler)(state.sender, state.args), eventName, onError);

    private static void Invoke<TState>(Delegate? handlers, TState state, Action<Delegate, TState> call, string eventName, Action<string, Exception>? onError)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                call(handler, state);
            }
            catch (Exception ex)
            {
                Report(eventName, ex, onError);
            }
        }
    }

    private static void Report(string eventName, Exception error, Action<string, Exception>? onError)
    {
        FleetRedisMetrics.RecordEventHandlerError(eventName);
        try
        {
            onError?.Invoke(eventName, error);
        }
        catch (Exception)
        {
            // The reporter is user code too (RedisClient.EventHandlerFailed, RedisSubscriber.EventHandlerFailed); its failure is counted above and stops here.
        }
    }
}
