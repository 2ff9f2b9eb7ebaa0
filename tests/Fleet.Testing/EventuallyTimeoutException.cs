namespace Fleet.Testing;

/// <summary><see cref="Eventually"/> gave up waiting: the condition did not hold within the limit.</summary>
internal sealed class EventuallyTimeoutException(string message) : TimeoutException(message);
