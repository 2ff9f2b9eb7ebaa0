namespace Fleet.EventGateway.Api.Stats;

/// <summary>One consumer group's figures (Fleet's lag, ADR 0005).</summary>
/// <param name="Group">Its name.</param>
/// <param name="Lag">Entries none of its consumers has read yet.</param>
/// <param name="LagEstimated">Whether <paramref name="Lag"/> is estimated from entry ids' times rather than counted.</param>
/// <param name="Pending">Entries delivered and not acknowledged.</param>
/// <param name="Consumers">Its consumers.</param>
internal sealed record GroupStats(string Group, long Lag, bool LagEstimated, long Pending, IReadOnlyList<ConsumerStats> Consumers);
