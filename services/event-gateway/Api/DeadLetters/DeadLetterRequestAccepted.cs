namespace Fleet.EventGateway.Api.DeadLetters;

/// <summary>The answer of a re-drive or purge: the id of the request event dead-letter-reaper acts on.</summary>
internal sealed record DeadLetterRequestAccepted(string RequestId);
