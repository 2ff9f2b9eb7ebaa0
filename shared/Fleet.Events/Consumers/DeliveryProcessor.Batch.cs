using Fleet.Events.Telemetry;

namespace Fleet.Events.Consumers;

/// <summary>
/// Batch handlers (<see cref="IEventBatchHandler{TEvent}"/>, ADR 0012): the steps of <see cref="RunAsync"/> for many
/// entries of one type in one handler call, each entry still settled on its own (acknowledged after success, retried,
/// left pending or dead-lettered after failure, released at stop) exactly as a per-event handler's would be.
/// </summary>
internal sealed partial class DeliveryProcessor
{
    /// <summary>
    /// Runs the batch handler of <paramref name="deliveries"/> (prepared entries of one type and one read, in stream
    /// order) and settles each entry. Entries that waited past the processing timeout are let go first; with the
    /// idempotency guard, entries handled before are acknowledged as duplicates without running the handler. The handler
    /// runs under one token (the processing timeout counts from the batch's delivery); entries it marks failed, or all
    /// when it throws, are retried in process in a batch of their own with the group's backoff, then settled as
    /// <see cref="FailedAsync"/> settles a per-event failure.
    /// </summary>
    public async ValueTask RunBatchAsync(IReadOnlyList<Delivery> deliveries, WorkerSlot slot)
    {
        var ready = new List<Delivery>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            if (WaitedPastProcessingTimeout(delivery.AdmittedAt))
            {
                LetGoLate(delivery.Entry);
            }
            else
            {
                ready.Add(delivery);
            }
        }

        List<Delivery>? repeats = null;
        var marks = _options.IdempotencyGuard ? await NotHandledBeforeAsync(ready, repeats = []) : null;
        try
        {
            if (ready.Count > 0)
            {
                await RunReadyBatchAsync(ready, marks, slot);
            }
        }
        finally
        {
            if (repeats is { Count: > 0 })
            {
                await SettleRepeatsAsync(repeats);
            }
        }
    }

    private async ValueTask RunReadyBatchAsync(List<Delivery> ready, Dictionary<Fleet.Redis.RedisStreamId, string>? marks, WorkerSlot slot)
    {

        var handler = ready[0].Handler;
        var registration = (BatchHandlerRegistration)handler.Registration;
        var started = FleetEventsTelemetry.HandlerDuration.Enabled ? _time.GetTimestamp() : 0;
        var succeeded = new List<(Delivery Delivery, StagedWrites Writes, string? Mark)>(ready.Count);
        var failed = new List<(Delivery Delivery, Exception Error)>();
        bool timedOut;
        using (var activity = FleetEventsTelemetry.StartProcessBatch(_identity.Stream, _identity.Group, handler.TypeName, ready))
        {
            // Every entry of a batch came in one read, so the first one's delivery time is the batch's.
            var token = slot.Begin(ready[0]);
            try
            {
                var attempt = await AttemptBatchAsync(registration, ready, 1, token);
                for (var number = 2; ; number++)
                {
                    var retry = Sort(attempt, marks, succeeded, failed);
                    if (retry.Count == 0)
                    {
                        break;
                    }

                    if (number > _options.RetryAttempts + 1 || !await RetryDelayAsync(number - 1, token))
                    {
                        failed.AddRange(retry);
                        break;
                    }

                    attempt = await AttemptBatchAsync(registration, [.. retry.Select(r => r.Delivery)], number, token);
                }
            }
            finally
            {
                slot.End();
            }

            // The token fired and stop did not fire it: the processing timeout passed.
            timedOut = token.IsCancellationRequested && !_abort.IsCancellationRequested;

            if (failed.Count > 0)
            {
                FleetEventsTelemetry.RecordError(activity, failed[0].Error);
            }
        }

        var elapsed = started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started);
        await SettleBatchAsync(handler.TypeName, succeeded, failed, timedOut, elapsed);
    }

    /// <summary>One call of the batch handler with a DI scope of its own; a throw fails every entry of the call.</summary>
    private async ValueTask<BatchAttempt> AttemptBatchAsync(BatchHandlerRegistration registration, List<Delivery> deliveries, int number, CancellationToken cancellationToken)
    {
        var attempt = new BatchAttempt(deliveries, _identity.Stream, _identity.Group, _identity.Consumer, CreateStagedWrites);
        try
        {
            await using var scope = new DeliveryScope(_scopes);
            await registration.InvokeBatchAsync(scope, attempt, cancellationToken);
        }
        catch (Exception e)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Log.BatchAttemptFailed(_logger, e, _identity.Stream, _identity.Group, deliveries[0].Handler.TypeName, deliveries.Count, number);
            }

            attempt.FailAll(e);
        }

        return attempt;
    }

    /// <summary>
    /// Sorts the outcome of an attempt: succeeded entries (with what they staged and their mark) and permanent failures
    /// are final; returns the transient failures, which another attempt may fix.
    /// </summary>
    private static List<(Delivery Delivery, Exception Error)> Sort(
        BatchAttempt attempt,
        Dictionary<Fleet.Redis.RedisStreamId, string>? marks,
        List<(Delivery Delivery, StagedWrites Writes, string? Mark)> succeeded,
        List<(Delivery Delivery, Exception Error)> failed)
    {
        var transient = new List<(Delivery Delivery, Exception Error)>();
        for (var i = 0; i < attempt.Deliveries.Count; i++)
        {
            var delivery = attempt.Deliveries[i];
            switch (attempt.Failures[i])
            {
                case null:
                    succeeded.Add((delivery, attempt.Writes[i], marks?[delivery.Entry.Id]));
                    break;
                case PermanentEventException permanent:
                    failed.Add((delivery, permanent));
                    break;
                case { } error:
                    transient.Add((delivery, error));
                    break;
            }
        }

        return transient;
    }

    /// <summary>
    /// Waits before in-process retry <paramref name="retry"/> (exponential from <see cref="ConsumerGroupOptions.RetryDelay"/>,
    /// with jitter, as per-event retries); false when the batch's token fired first (timeout or stop): no more attempts.
    /// </summary>
    private async ValueTask<bool> RetryDelayAsync(int retry, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || _abort.IsCancellationRequested)
        {
            return false;
        }

        var exponential = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, retry - 1);
        var delay = TimeSpan.FromMilliseconds(exponential * (0.5 + Random.Shared.NextDouble()));
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Settles every entry of a batch: succeeded ones are acknowledged (batched XACK; with a mark or staged writes, each
    /// by its own script, as for a per-event handler), failed ones go through <see cref="FailedAsync"/>. Metrics of the
    /// common path are recorded per batch: one handler duration, one count of the acknowledged entries.
    /// </summary>
    private async ValueTask SettleBatchAsync(
        string type,
        List<(Delivery Delivery, StagedWrites Writes, string? Mark)> succeeded,
        List<(Delivery Delivery, Exception Error)> failed,
        bool timedOut,
        TimeSpan elapsed)
    {
        var acknowledged = 0;
        foreach (var (delivery, writes, mark) in succeeded)
        {
            if (writes.Any)
            {
                await CommitStagedAsync(delivery, mark, writes, elapsed);
            }
            else if (mark is not null)
            {
                await SucceededAsync(delivery, mark, elapsed);
            }
            else
            {
                Acknowledge(delivery.Entry.Id);
                RecordLatency(type, delivery.Envelope.Timestamp);
                acknowledged++;
            }
        }

        if (acknowledged > 0)
        {
            RecordDuration(type, OutcomeAcked, elapsed);
            CountConsumed(type, OutcomeAcked, acknowledged);
        }

        foreach (var (delivery, error) in failed)
        {
            await FailedAsync(delivery, error, timedOut && error is not PermanentEventException, elapsed);
        }
    }
}
