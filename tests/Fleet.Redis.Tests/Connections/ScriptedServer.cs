using System.Net;
using System.Net.Sockets;
using Fleet.Redis.Protocol;

namespace Fleet.Redis.Tests.Connections;

/// <summary>
/// A loopback server that answers each command with bytes a test chooses, to drive the client
/// through replies a real server will not produce on demand (old servers, odd chunking, garbage).
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string[], Stream, Task> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ScriptedServer(Func<string[], Stream, Task> answer)
    {
        _answer = answer;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"redis://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public List<string> Received { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var start = 0;
                while (RespScanner.TryScan(buffer.AsSpan(start, filled - start), out var length))
                {
                    var command = ParseCommand(buffer.AsSpan(start, length));
                    start += length;
                    lock (Received)
                    {
                        Received.Add(string.Join(' ', command));
                    }

                    await _answer(command, stream);
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the test closed the connection.
        }
    }

    private static string[] ParseCommand(ReadOnlySpan<byte> frame)
    {
        var reader = new RespReader(frame);
        var count = reader.ReadAggregateLength();
        var parts = new string[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = reader.ReadString()!;
        }

        return parts;
    }
}
