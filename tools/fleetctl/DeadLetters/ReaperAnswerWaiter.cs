using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Contracts;
using Fleet.Ctl.Connection;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Ctl.DeadLetters;

/// <summary>
/// Follows a request published on system.events until dead-letter-reaper has handled it. The reaper's answers carry
/// the request id in their data, not a correlation id, and a re-drive gives one answer per entry with no final one,
/// so "done" is read from the reaper's group instead: once it acknowledged the request entry (past its last-delivered
/// id and not pending), the handler has returned and every answer was published before that. A request the reaper
/// refused is in system.events' <c>:dlq</c> (or <c>:parked</c>) with the request's entry id.
/// </summary>
internal sealed class ReaperAnswerWaiter(FleetBus bus, RedisStreamId requestEntry, string requestId, string answerType)
{
    private readonly RedisStreamId _requestEntry = requestEntry;
    private const string ReaperGroup = "dead-letter-reaper";
    private const int Batch = 256;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly string _key = bus.Keys.Stream(FleetStreams.System);
    private readonly List<JsonObject> _answers = [];
    private RedisStreamId _position;

    public async Task<ReaperAnswers> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _position = _requestEntry;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                // Checked before the read: an answer published before the acknowledgement is then read below.
                var handled = await IsHandledAsync(deadline.Token);
                var read = await ReadAnswersAsync(handled ? null : Poll, deadline.Token);
                if (handled && read < Batch)
                {
                    return await RefusalAsync(deadline.Token) is { } error
                        ? new(ReaperAnswerState.Refused, _answers, error)
                        : new(ReaperAnswerState.Handled, _answers, null);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new(ReaperAnswerState.TimedOut, _answers, null);
        }
    }

    private async Task<bool> IsHandledAsync(CancellationToken cancellationToken)
    {
        var group = (await bus.Redis.XInfoGroupsAsync(_key, cancellationToken)).FirstOrDefault(g => g.Name == ReaperGroup);
        if (group is null || group.LastDeliveredId < _requestEntry)
        {
            return false;
        }

        var pending = await bus.Redis.XPendingAsync(_key, ReaperGroup, _requestEntry.ToString(), _requestEntry.ToString(), 1, cancellationToken: cancellationToken);
        return pending.Count == 0;
    }

    private async Task<int> ReadAnswersAsync(TimeSpan? block, CancellationToken cancellationToken)
    {
        var entries = await bus.Redis.XReadAsync(_key, _position.ToString(), Batch, block, cancellationToken);
        foreach (var entry in entries)
        {
            _position = entry.Id;
            if (entry[EnvelopeFields.Type].ToString() == answerType && Data(entry) is { } data && data["request_id"]?.ToString() == requestId)
            {
                _answers.Add(data);
            }
        }

        return entries.Count;
    }

    private async Task<string?> RefusalAsync(CancellationToken cancellationToken)
    {
        // The request was dead-lettered moments ago: it is among the newest entries of system.events' :dlq, or of its
        // :parked when a reaper watching system.events parked it at once (its policy for permanent failures).
        foreach (var key in new[] { bus.Keys.DeadLetters(FleetStreams.System), bus.Keys.Parked(FleetStreams.System) })
        {
            var recent = await bus.Redis.XRevRangeAsync(key, "+", "-", Batch, cancellationToken);
            if (recent.FirstOrDefault(e => e[DeadLetterFields.EntryId].ToString() == _requestEntry.ToString()) is { } letter)
            {
                return $"{letter[DeadLetterFields.ErrorType]}: {letter[DeadLetterFields.ErrorMessage]}";
            }
        }

        return null;
    }

    private static JsonObject? Data(StreamEntry entry)
    {
        try
        {
            return JsonNode.Parse(entry[EnvelopeFields.Data].ToString()) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
