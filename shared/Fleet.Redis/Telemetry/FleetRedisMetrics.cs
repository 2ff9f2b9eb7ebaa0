using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fleet.Redis.Connections;

namespace Fleet.Redis.Telemetry;

/// <summary>
/// The one <see cref="Meter"/> of Fleet.Redis, named after the assembly (<c>Fleet.Redis</c>). Every recording
/// checks <see cref="Instrument.Enabled"/> first, so with no listener a command pays one field read per
/// instrument and builds no tags; in-flight commands are observed (summed from the live connections when a
/// collector asks) rather than counted on the hot path.
/// </summary>
internal static class FleetRedisMetrics
{
    /// <summary>The meter's name, <c>Fleet.Redis</c>: what an OpenTelemetry <c>AddMeter</c> call names.</summary>
    public const string Name = "Fleet.Redis";

    /// <summary>The tag with the command's name (GET, XADD, EVALSHA …), as the OpenTelemetry database conventions name it.</summary>
    public const string CommandTag = "db.operation.name";

    /// <summary>The tag with an error's kind: connection, timeout, server or protocol.</summary>
    public const string ErrorKindTag = "error.type";

    public static readonly Meter Meter = new(Name, typeof(FleetRedisMetrics).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "fleet.redis.commands", "{command}", "Commands written to Redis, by command.");

    public static readonly Counter<long> CommandErrors = Meter.CreateCounter<long>(
        "fleet.redis.command.errors", "{command}", "Commands that failed, by command and kind (connection, timeout, server, protocol).");

    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "fleet.redis.reconnects", "{connection}", "Connections re-established after a loss.");

    public static readonly Counter<long> ReconnectFailures = Meter.CreateCounter<long>(
        "fleet.redis.reconnect.failures", "{attempt}", "Failed reconnect attempts, by kind (connection, or configuration when the server refused the handshake).");

    public static readonly Counter<long> BytesWritten = Meter.CreateCounter<long>(
        "fleet.redis.bytes.written", "By", "Bytes written to Redis sockets.");

    public static readonly Counter<long> BytesRead = Meter.CreateCounter<long>(
        "fleet.redis.bytes.read", "By", "Bytes read from Redis sockets.");

    public static readonly Counter<long> BlockingLeases = Meter.CreateCounter<long>(
        "fleet.redis.blocking.leases", "{lease}", "Dedicated connections leased for blocking commands.");

    public static readonly Counter<long> EventHandlerErrors = Meter.CreateCounter<long>(
        "fleet.redis.event_handler.errors", "{error}", "Exceptions thrown by user handlers of the client's events, by event; they never reach the connection.");

    private static readonly ConcurrentDictionary<RedisConnection, byte> Live = new();

    /// <summary>Commands written and not yet answered, over every live connection (timed-out commands count until their late reply).</summary>
    public static readonly ObservableUpDownCounter<int> InFlight = Meter.CreateObservableUpDownCounter(
        "fleet.redis.commands.in_flight", ObserveInFlight, "{command}", "Commands written and not yet answered.");

    /// <summary>Dedicated blocking connections leased right now.</summary>
    public static readonly UpDownCounter<int> BlockingLeased = Meter.CreateUpDownCounter<int>(
        "fleet.redis.blocking.leased", "{connection}", "Dedicated connections leased for blocking commands right now.");

    public static void ConnectionOpened(RedisConnection connection) => Live.TryAdd(connection, 0);

    public static void ConnectionClosed(RedisConnection connection) => Live.TryRemove(connection, out _);

    public static void RecordCommand(string command)
    {
        if (Commands.Enabled)
        {
            Commands.Add(1, new KeyValuePair<string, object?>(CommandTag, command));
        }
    }

    public static void RecordCommands(IReadOnlyList<string> commands)
    {
        if (Commands.Enabled)
        {
            foreach (var command in commands)
            {
                Commands.Add(1, new KeyValuePair<string, object?>(CommandTag, command));
            }
        }
    }

    public static void RecordCommandError(string command, Exception error)
    {
        if (CommandErrors.Enabled && KindOf(error) is { } kind)
        {
            CommandErrors.Add(1, new KeyValuePair<string, object?>(CommandTag, command), new KeyValuePair<string, object?>(ErrorKindTag, kind));
        }
    }

    /// <summary>Adds <paramref name="value"/> to an untagged counter (bytes), skipping the call when nobody listens.</summary>
    public static void Add(Counter<long> counter, long value)
    {
        if (counter.Enabled)
        {
            counter.Add(value);
        }
    }

    public static void RecordReconnectFailure(Exception error)
    {
        if (ReconnectFailures.Enabled)
        {
            var kind = error is RedisConnectionException { IsConfigurationError: true } ? "configuration" : "connection";
            ReconnectFailures.Add(1, new KeyValuePair<string, object?>(ErrorKindTag, kind));
        }
    }

    public static void RecordEventHandlerError(string eventName)
    {
        if (EventHandlerErrors.Enabled)
        {
            EventHandlerErrors.Add(1, new KeyValuePair<string, object?>("event", eventName));
        }
    }

    /// <summary>The kind of a command's failure; null for a cancellation, which is the caller's choice and no error.</summary>
    private static string? KindOf(Exception error) => error switch
    {
        RedisConnectionException => "connection",
        RedisTimeoutException => "timeout",
        RedisServerException => "server",
        RedisProtocolException => "protocol",
        OperationCanceledException => null,
        _ => "protocol",
    };

    private static int ObserveInFlight()
    {
        var total = 0;
        foreach (var connection in Live.Keys)
        {
            total += connection.PendingCount;
        }

        return total;
    }
}
