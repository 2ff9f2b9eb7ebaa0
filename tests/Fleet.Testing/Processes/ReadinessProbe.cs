using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Fleet.Testing.Protocol;

namespace Fleet.Testing.Processes;

/// <summary>Polls a starting redis-server until it answers PING.</summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Polls until <paramref name="process"/> answers PING on <paramref name="endpoint"/>, exits, or
    /// <paramref name="timeout"/> passes. The answer must come from this process (INFO server
    /// <c>process_id</c>): a parallel test's server may have taken the port our process failed to bind.
    /// </summary>
    /// <returns>The status and, when not ready, the reason the last attempt failed.</returns>
    public static async Task<(ReadinessStatus Status, string? LastError)> WaitAsync(
        RedisProcess process, RedisEndpoint endpoint, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        string? lastError = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                return (ReadinessStatus.Exited, lastError);
            }

            lastError = await TryPingAsync(process, endpoint, cancellationToken).ConfigureAwait(false);
            if (lastError is null)
            {
                return (ReadinessStatus.Ready, null);
            }

            if (timeProvider.GetElapsedTime(started) > timeout)
            {
                return (process.HasExited ? ReadinessStatus.Exited : ReadinessStatus.TimedOut, lastError);
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns><see langword="null"/> when ready, otherwise why not.</returns>
    private static async Task<string?> TryPingAsync(RedisProcess process, RedisEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.ExitedToken);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            await using var connection = await endpoint.ConnectAsync(attempt.Token).ConfigureAwait(false);
            var pong = await connection.SendAsync(attempt.Token, "PING").ConfigureAwait(false);
            if (pong is not { Kind: '+', Text: "PONG" })
            {
                // -LOADING while the AOF is replayed.
                return $"PING answered {pong.Kind}{pong.Text}";
            }

            var info = await connection.SendAsync(attempt.Token, "INFO", "server").ConfigureAwait(false);
            var answeringId = ProcessId(info.Text);
            return answeringId == process.Id ? null : $"another redis-server (pid {answeringId}) answered on port {endpoint.Port}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return process.HasExited ? "the process exited" : $"no answer within {AttemptTimeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException or FormatException)
        {
            return e.Message;
        }
    }

    private static int? ProcessId(string? info)
    {
        const string field = "process_id:";
        foreach (var line in (info ?? string.Empty).Split('\n'))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return int.Parse(line.AsSpan(field.Length).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
