namespace Fleet.Demo.Market;

/// <summary>An event the follower read, with the ids the steps match on.</summary>
/// <typeparam name="T">Its data.</typeparam>
/// <param name="Id">The envelope's id.</param>
/// <param name="CausationId">The envelope's causation id, or empty.</param>
/// <param name="At">The envelope's timestamp.</param>
/// <param name="Data">The event.</param>
internal sealed record SeenEvent<T>(string Id, string CausationId, DateTimeOffset At, T Data);
