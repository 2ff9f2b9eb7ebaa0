using Fleet.EndToEnd.Tests.Fleet;
using Fleet.EndToEnd.Tests.Processes;
using Fleet.Testing.Processes;

namespace Fleet.EndToEnd.Tests.Gateway;

/// <summary>
/// event-gateway alone on a Redis of its own (the tests flush it) with its PostgreSQL archive: no other service runs, so
/// whatever reaches Redis came through the gateway or the test. Tests share it; each uses its own correlation ids.
/// Set <c>FLEET_E2E_LOGS</c> to a directory to keep the gateway's output there.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    /// <summary>How long the gateway's work may take on a busy 2-core machine before a test gives up (a failure guard).</summary>
    internal static readonly TimeSpan WorkLimit = TimeSpan.FromSeconds(120);

    private FleetBus? _bus;
    private ProcessLogs? _logs;
    private GatewayNode? _gateway;

    internal FleetBus Bus => _bus ?? throw NotStarted();

    internal GatewayNode Gateway => _gateway ?? throw NotStarted();

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _logs = ProcessLogs.Create();
        _bus = await FleetBus.StartAsync(cancellationToken);
        _gateway = await GatewayNode.StartAsync(_bus.UrlFor(ServiceBinaries.EventGateway), _logs.Path, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _gateway, _bus })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        _logs?.Dispose();
    }

    private static InvalidOperationException NotStarted() => new("GatewayFixture is not initialized: xUnit calls InitializeAsync before the first test.");
}
