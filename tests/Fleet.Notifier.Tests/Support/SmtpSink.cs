using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Fleet.Notifier.Tests.Support;

/// <summary>
/// A real SMTP server (SmtpServer) on a free loopback port that keeps every message it accepts. The reply to the n-th
/// message's DATA (1-based) is <see cref="SmtpResponse.Ok"/> unless the given function says otherwise.
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly Func<int, SmtpResponse> _reply;
    private Task? _running;
    private int _count;

    private SmtpSink(Func<int, SmtpResponse> reply) => _reply = reply;

    public int Port { get; private set; }

    /// <summary>Messages accepted (answered 250).</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    /// <summary>Every DATA received, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref _count);

    public static async Task<SmtpSink> StartAsync(Func<int, SmtpResponse>? reply = null)
    {
        var sink = new SmtpSink(reply ?? (_ => SmtpResponse.Ok));
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("sink.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(sink));
        sink._running = new SmtpServer.SmtpServer(options, services).StartAsync(sink._stop.Token);
        sink.Port = await started.Task.WaitAsync(Fleet.Testing.Eventually.DefaultLimit, TestContext.Current.CancellationToken);
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
                // Stopped as asked.
            }
        }

        _stop.Dispose();
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var reply = sink._reply(Interlocked.Increment(ref sink._count));
            if (reply.ReplyCode == SmtpReplyCode.Ok)
            {
                using var stream = new MemoryStream(buffer.ToArray());
                sink._messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            }

            return reply;
        }
    }
}
