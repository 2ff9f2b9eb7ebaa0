using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Events.Consumers;

/// <summary>
/// The services of one delivery (<see cref="EventContext{TEvent}.Services"/>): a DI scope created on first use and
/// disposed when the handler returns. A delegate handler that never asks for a service costs no scope, which keeps
/// the hot path of a simple consumer cheap; a handler type is resolved from it, so its scope always exists.
/// </summary>
internal sealed class DeliveryScope(IServiceScopeFactory factory) : IServiceProvider, ISupportRequiredService, IKeyedServiceProvider, IAsyncDisposable
{
    private AsyncServiceScope? _scope;
    private bool _disposed;

    private IServiceProvider Services
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _scope ??= factory.CreateAsyncScope();
            return _scope.Value.ServiceProvider;
        }
    }

    public object? GetService(Type serviceType) => Services.GetService(serviceType);

    public object GetRequiredService(Type serviceType) => Services.GetRequiredService(serviceType);

    public object? GetKeyedService(Type serviceType, object? serviceKey) => Services is IKeyedServiceProvider keyed
        ? keyed.GetKeyedService(serviceType, serviceKey)
        : throw new InvalidOperationException("The service provider does not support keyed services.");

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => Services.GetRequiredKeyedService(serviceType, serviceKey);

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return _scope is { } scope ? scope.DisposeAsync() : ValueTask.CompletedTask;
    }
}
