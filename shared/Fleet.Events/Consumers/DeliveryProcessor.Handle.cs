using System.Runtime.ExceptionServices;
using Fleet.Events.Telemetry;
using Polly;
using Polly.Retry;

namespace Fleet.Events.Consumers;

/// <summary>Steps f-i: the idempotency guard, the handler with its retries and timeout, and what follows its outcome.</summary>
internal sealed partial class DeliveryProcessor
{
    /// <summary>
    /// Runs the handler of a prepared delivery and settles the entry: acknowledged after success (never before), dead-
    /// lettered after a permanent failure or the last allowed delivery, otherwise left pending to be claimed again after
    /// the processing timeout. An entry whose handler was cancelled by stop stays pending (released).
    /// </summary>
    public async ValueTask RunAsync(Delivery delivery, WorkerSlot slot)
    {
        var entry = delivery.Entry;
        var envelope = delivery.Envelope;
        var type = delivery.Handler.TypeName;
        if (WaitedPastProcessingTimeout(delivery.AdmittedAt))
        {
            LetGoLate(entry);
            return;
        }

        string? mark = null;
        if (_options.IdempotencyGuard)
        {
            mark = _identity.ProcessedKeyPrefix + envelope.Id.ToString();
            bool handledBefore;
            try
            {
                handledBefore = await _transport.IsProcessedAsync(mark, _abort);
                EndStreak(_checkFailures);
            }
            catch (Exception e) when (!_abort.IsCancellationRequested)
            {
                // Whether the event was handled is unknown: leaving it pending is safe, running it could double an effect.
                if (FirstOfStreak(_checkFailures, e, entry.Id))
                {
                    Log.IdempotencyCheckFailed(_logger, _identity.Stream, _identity.Group, entry.Id, envelope.Id, e.Message);
                }

                CountConsumed(type, OutcomeRetryLater);
                _window.Complete(entry.Id);
                return;
            }

            if (handledBefore)
            {
                Acknowledge(entry.Id);
                CountConsumed(type, OutcomeDuplicate);
                Log.DuplicateSkipped(_logger, _identity.Stream, _identity.Group, entry.Id, type, envelope.Id);
                return;
            }
        }

        Exception? failure = null;
        var timedOut = false;
        var started = FleetEventsTelemetry.HandlerDuration.Enabled ? _time.GetTimestamp() : 0;
        using (var activity = FleetEventsTelemetry.StartProcess(_identity.Stream, _identity.Group, envelope, entry.Id))
        {
            var token = slot.Begin(delivery);
            try
            {
                try
                {
                    await InvokeAsync(slot, token);
                }
                catch (Exception first) when (_retry is not null && IsTransient(first, token, _abort))
                {
                    // The first attempt runs outside the pipeline, so the happy path pays nothing for it; after a
                    // transient failure the pipeline takes over as if that attempt had been its own: its first callback
                    // replays the failure, then it waits and retries with its backoff.
                    slot.FirstFailure = ExceptionDispatchInfo.Capture(first);
                    await _retry.ExecuteAsync(static (s, ct) => s.Processor.RetryAsync(s, ct), slot, token);
                }
            }
            catch (Exception e)
            {
                failure = e;
                timedOut = token.IsCancellationRequested && !_abort.IsCancellationRequested;
                FleetEventsTelemetry.RecordError(activity, e);
            }
            finally
            {
                slot.End();
            }
        }

        var elapsed = started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started);
        if (failure is null)
        {
            await (slot.Writes.Any ? CommitStagedAsync(delivery, mark, slot.Writes, elapsed) : SucceededAsync(delivery, mark, elapsed));
        }
        else
        {
            await FailedAsync(delivery, failure, timedOut, elapsed);
        }
    }

    private async ValueTask SucceededAsync(Delivery delivery, string? mark, TimeSpan elapsed)
    {
        var entry = delivery.Entry;
        if (mark is null)
        {
            Acknowledge(entry.Id);
        }
        else
        {
            try
            {
                // SET mark PX window + XACK in one step: the mark exists exactly when the entry is acknowledged.
                await _transport.AckAndMarkProcessedAsync(_identity.StreamKey, _identity.Group, entry.Id, mark, _options.IdempotencyWindow, _abort);
                EndStreak(_markFailures);
            }
            catch (Exception e) when (!_abort.IsCancellationRequested)
            {
                if (FirstOfStreak(_markFailures, e, entry.Id))
                {
                    Log.AckAndMarkFailed(_logger, _identity.Stream, _identity.Group, entry.Id, delivery.Handler.TypeName, e.Message);
                }

                RecordDuration(delivery.Handler.TypeName, OutcomeRetryLater, elapsed);
                CountConsumed(delivery.Handler.TypeName, OutcomeRetryLater);
                return;
            }
            finally
            {
                _window.Complete(entry.Id);
            }
        }

        RecordDuration(delivery.Handler.TypeName, OutcomeAcked, elapsed);
        RecordHandled(delivery.Handler.TypeName, OutcomeAcked, delivery.Envelope.Timestamp);
    }

    private async ValueTask FailedAsync(Delivery delivery, Exception failure, bool timedOut, TimeSpan elapsed)
    {
        var entry = delivery.Entry;
        var type = delivery.Handler.TypeName;
        if (failure is PermanentEventException)
        {
            RecordDuration(type, OutcomeDeadLettered, elapsed);
            await DeadLetterAsync(entry, delivery.DeliveryCount, new(DeadLetterErrorTypes.Permanent, failure.Message, failure, type));
            return;
        }

        if (_abort.IsCancellationRequested)
        {
            // Stop gave up waiting and cancelled the handler: the entry stays pending for the next start or a claim.
            RecordDuration(type, OutcomeReleased, elapsed);
            CountConsumed(type, OutcomeReleased);
            _window.Complete(entry.Id);
            return;
        }

        if (timedOut)
        {
            Log.HandlerTimedOut(_logger, _identity.Stream, _identity.Group, entry.Id, type, _options.ProcessingTimeout.TotalMilliseconds);
        }

        var message = timedOut
            ? $"The handler did not finish within the processing timeout of {_options.ProcessingTimeout.TotalMilliseconds:0} ms."
            : failure.Message;
        if (delivery.DeliveryCount >= _options.MaxDeliveries)
        {
            RecordDuration(type, OutcomeDeadLettered, elapsed);
            await DeadLetterAsync(entry, delivery.DeliveryCount, new(DeadLetterErrorTypes.MaxDeliveries, $"Failed on delivery {delivery.DeliveryCount} of {_options.MaxDeliveries}: {message}", failure, type));
            return;
        }

        // Not acknowledged: the entry stays in the pending list and a live consumer claims it after the processing timeout.
        Log.HandlerFailedRetryLater(_logger, failure, _identity.Stream, _identity.Group, entry.Id, type, delivery.DeliveryCount, _options.MaxDeliveries);
        RecordDuration(type, OutcomeRetryLater, elapsed);
        CountConsumed(type, OutcomeRetryLater);
        _window.Complete(entry.Id);
    }

    /// <summary>An attempt of the retry pipeline: the first replays the failure of the attempt made before it.</summary>
    private ValueTask RetryAsync(WorkerSlot slot, CancellationToken cancellationToken)
    {
        if (slot.FirstFailure is { } first)
        {
            slot.FirstFailure = null;
            first.Throw();
        }

        return InvokeAsync(slot, cancellationToken);
    }

    /// <summary>
    /// Whether another attempt may fix <paramref name="error"/>: not a permanent failure, and the delivery's token has
    /// not fired (its processing timeout passed, so another consumer may claim it, or stop cancelled it).
    /// </summary>
    private static bool IsTransient(Exception error, CancellationToken delivery, CancellationToken abort) =>
        error is not PermanentEventException && !delivery.IsCancellationRequested && !abort.IsCancellationRequested;

    /// <summary>One attempt: the handler with a DI scope of its own, created when first used.</summary>
    private async ValueTask InvokeAsync(WorkerSlot slot, CancellationToken cancellationToken)
    {
        var delivery = slot.Current;
        var attempt = ++slot.Attempt;
        // Each attempt stages afresh: what a failed attempt staged never commits.
        slot.Writes.Clear();
        var info = new DeliveryInfo(_identity.Stream, _identity.Group, _identity.Consumer, delivery.Entry.Id, delivery.DeliveryCount, slot.Writes);
        try
        {
            await using var scope = new DeliveryScope(_scopes);
            await delivery.Handler.Registration.InvokeAsync(scope, delivery.Data, delivery.Envelope, info, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.HandlerAttemptFailed(_logger, e, _identity.Stream, _identity.Group, delivery.Entry.Id, delivery.Handler.TypeName, attempt);
            throw;
        }
    }

    private static ResiliencePipeline BuildRetryPipeline(ConsumerGroupOptions options, TimeProvider time, CancellationToken abort) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.RetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } error && IsTransient(error, args.Context.CancellationToken, abort)),
            })
            .Build();

    private void RecordDuration(string eventType, string outcome, TimeSpan elapsed)
    {
        if (FleetEventsTelemetry.HandlerDuration.Enabled)
        {
            var tags = _identity.GroupTags;
            tags.Add("type", eventType);
            tags.Add("outcome", outcome);
            FleetEventsTelemetry.HandlerDuration.Record(elapsed.TotalSeconds, tags);
        }
    }
}
