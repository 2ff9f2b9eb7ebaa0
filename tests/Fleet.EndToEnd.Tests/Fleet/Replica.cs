namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>One process of the fleet: its instance name (<c>Fleet__Events__InstanceName</c>) and the service it runs.</summary>
internal sealed record Replica(string Name, string Service);
