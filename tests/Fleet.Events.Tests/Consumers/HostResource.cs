using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.Consumers;

/// <summary>Stops and disposes a host after the test, before the clients and servers it uses (one the test disposed already is left as it is).</summary>
internal sealed class HostResource(IHost host) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // The test disposed it already.
        }

        host.Dispose();
    }
}
