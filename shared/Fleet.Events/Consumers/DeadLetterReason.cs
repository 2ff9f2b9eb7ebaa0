namespace Fleet.Events.Consumers;

/// <summary>Why an entry goes to the dead-letter stream without (more) handling.</summary>
internal readonly record struct DeadLetterReason(string ErrorType, string Message, Exception? Exception, string EventType);
