using Fleet.Events.Transport;

namespace Fleet.Events.Tests.Transport;

/// <summary>The transport contract on <see cref="InMemoryEventTransport"/> (system clock: the facts use real short times).</summary>
public sealed class InMemoryEventTransportContractTests : EventTransportContract
{
    private InMemoryEventTransport? _transport;

    private protected override Task<IEventTransport> CreateTransportAsync()
    {
        _transport = new InMemoryEventTransport(TimeProvider.System);
        return Task.FromResult<IEventTransport>(_transport);
    }

    // ReadAsync and ReadGroupAsync register their wait under the transport's lock before they return the pending task:
    // a read that has not completed is blocked already.
    private protected override Task WaitUntilReadBlockedAsync() => Task.CompletedTask;

    protected override Task DeleteKeyAsync(string key)
    {
        _transport!.Delete(key);
        return Task.CompletedTask;
    }

    private protected override Task<string?> StringAsync(string key) => Task.FromResult(_transport!.Peek(key) as string);
}
