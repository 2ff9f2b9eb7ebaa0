using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.Consumers;

/// <summary>Stops and disposes a host after the test, before the clients and servers it uses.</summary>
internal sealed class HostResource(IHost host) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
