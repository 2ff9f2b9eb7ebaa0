namespace Fleet.Events.Tests.Behaviour;

/// <summary>The transport a behaviour test class runs on; every behaviour suite has one subclass per kind.</summary>
public enum TransportKind
{
    InMemory,
    Redis,
}
