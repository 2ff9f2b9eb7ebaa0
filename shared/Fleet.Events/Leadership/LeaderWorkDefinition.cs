namespace Fleet.Events;

/// <summary>One lease registered with <see cref="FleetEventsBuilder.AddLeaderWork{TWork}"/>: its stream, its name and the work it guards.</summary>
internal sealed record LeaderWorkDefinition(string Stream, string Name, Type WorkType);
