using System.Net;
using Fleet.Demo.Scenario;
using SmtpServer;
using SmtpServer.ComponentModel;

namespace Fleet.Demo.Receivers;

/// <summary>
/// The user's mailbox: an SMTP server (SmtpServer) on a loopback port, without TLS or authentication, that keeps
/// every message it accepts (<see cref="SinkMessageStore"/>). notifier is pointed at it with
/// <c>Notifier__Smtp__Host/Port</c> and <c>Security=None</c>.
/// </summary>
internal sealed class SmtpSink(int port, Journeys journeys, TimeProvider time) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private SmtpServer.SmtpServer? _server;
    private Task _running = Task.CompletedTask;

    public int Port => port;

    public Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("fleet-demo-sink")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new SinkMessageStore(journeys, time));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);

        // StartAsync binds the listener before its first await, so a port in use has already failed the task here.
        return _running.IsFaulted ? _running : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // The normal end of a cancelled server.
        }

        _stop.Dispose();
    }
}
