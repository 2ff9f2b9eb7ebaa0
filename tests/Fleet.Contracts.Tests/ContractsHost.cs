using Fleet.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Contracts.Tests;

/// <summary>The contracts registered on an in-memory bus: the publisher validates as a service's would.</summary>
internal sealed class ContractsHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ContractsHost()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        Registry = collection.AddFleetEvents(o => o.InstanceName = "contracts-tests").UseInMemory().AddFleetContracts().Registry;
        _services = collection.BuildServiceProvider();
    }

    public EventTypeRegistry Registry { get; }

    public IEventPublisher Publisher => _services.GetRequiredService<IEventPublisher>();

    public ContractKeys Keys => _services.GetRequiredService<ContractKeys>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
