namespace Fleet.EventGateway.Replay;

/// <summary>
/// The outcome of <see cref="ReplayJobStore.CreateAsync"/>: the job, whether this call created it, and, when its
/// Idempotency-Key had been used, whether by the same request (a retry) or by another one (a conflict).
/// </summary>
internal sealed record ReplayCreation(ReplayJob Job, bool Created, bool SameRequest);
