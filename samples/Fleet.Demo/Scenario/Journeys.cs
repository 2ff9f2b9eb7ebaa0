using Fleet.Demo.Receivers;
using Fleet.Demo.Reporting;

namespace Fleet.Demo.Scenario;

/// <summary>
/// The files of the run and how to find the one an event or a delivery belongs to: by file id, by the upload's
/// correlation id (every follow-up of an upload keeps it), or by the id of any event already linked to it (causation
/// ids, notification ids, and the delivery keys notifier derives from them). One lock guards every journey.
/// </summary>
internal sealed class Journeys(Narrator narrator) : IDisposable
{
    private readonly List<FileJourney> _all = [];
    private readonly Dictionary<string, FileJourney> _byFileId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileJourney> _byEventId = new(StringComparer.Ordinal);
    private readonly List<ReceivedWebhook> _unmatchedWebhooks = [];
    private readonly List<ReceivedEmail> _unmatchedEmails = [];
    private readonly SemaphoreSlim _changed = new(0, 1);

    public Lock Gate { get; } = new();

    public IReadOnlyList<FileJourney> All => _all;

    /// <summary>Deliveries no file could be matched to (shown in the summary).</summary>
    public int Unmatched
    {
        get
        {
            lock (Gate)
            {
                return _unmatchedWebhooks.Count + _unmatchedEmails.Count;
            }
        }
    }

    public void Dispose() => _changed.Dispose();

    public void Add(FileJourney journey)
    {
        lock (Gate)
        {
            _all.Add(journey);
            _byFileId[journey.FileId] = journey;
        }
    }

    /// <summary>Records the id of the journey's <c>file.uploaded</c> event.</summary>
    public void Uploaded(FileJourney journey, string eventId)
    {
        lock (Gate)
        {
            journey.UploadEventId = eventId;
            _byEventId[eventId] = journey;
        }

        Pulse();
    }

    public FileJourney? ByFileId(string? fileId) => fileId is not null && _byFileId.TryGetValue(fileId, out var journey) ? journey : null;

    public FileJourney? ByEventId(string? eventId) => eventId is not null && _byEventId.TryGetValue(eventId, out var journey) ? journey : null;

    /// <summary>Remembers that <paramref name="eventId"/> belongs to <paramref name="journey"/> (call under <see cref="Gate"/>).</summary>
    public void Link(string eventId, FileJourney journey) => _byEventId[eventId] = journey;

    public void Webhook(ReceivedWebhook webhook)
    {
        lock (Gate)
        {
            if (!TryAttach(webhook))
            {
                _unmatchedWebhooks.Add(webhook);
            }
        }

        Pulse();
    }

    public void Email(ReceivedEmail email)
    {
        lock (Gate)
        {
            if (!TryAttach(email))
            {
                _unmatchedEmails.Add(email);
            }
        }

        Pulse();
    }

    /// <summary>Matches deliveries that arrived before the events they refer to were read (call under <see cref="Gate"/>).</summary>
    public void RetryUnmatched()
    {
        _unmatchedWebhooks.RemoveAll(TryAttach);
        _unmatchedEmails.RemoveAll(TryAttach);
    }

    /// <summary>
    /// Takes the deliveries no file claimed whose delivery key is <paramref name="deliveryKey"/> (a price alert's: its
    /// webhooks and e-mails belong to no upload), so they are not reported as unmatched.
    /// </summary>
    public (List<ReceivedWebhook> Webhooks, List<ReceivedEmail> Emails) TakeUnmatched(string deliveryKey)
    {
        lock (Gate)
        {
            var webhooks = _unmatchedWebhooks.FindAll(webhook => webhook.DeliveryKey == deliveryKey);
            var emails = _unmatchedEmails.FindAll(email => email.DeliveryKey == deliveryKey);
            _unmatchedWebhooks.RemoveAll(webhook => webhook.DeliveryKey == deliveryKey);
            _unmatchedEmails.RemoveAll(email => email.DeliveryKey == deliveryKey);
            return (webhooks, emails);
        }
    }

    /// <summary>Wakes <see cref="WaitUntilSettledAsync"/> after a change.</summary>
    public void Pulse()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending; one is enough.
        }
    }

    /// <summary>Waits until every journey is settled (or the token fires); true when all are.</summary>
    public async Task<bool> WaitUntilSettledAsync(int expected, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (Gate)
            {
                if (_all.Count == expected && _all.TrueForAll(journey => journey.Settled))
                {
                    return true;
                }
            }

            try
            {
                await _changed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private bool TryAttach(ReceivedWebhook webhook)
    {
        var journey = ForDeliveryKey(webhook.DeliveryKey) ?? ByFileId(webhook.Reference);
        if (journey is null)
        {
            return false;
        }

        journey.Webhooks.Add(webhook);
        narrator.Step(
            journey.Sample.Name,
            "webhook in",
            webhook.At - journey.UploadedAt,
            webhook.SignatureValid
                ? $"signature ok, \"{webhook.Subject}\" (Idempotency-Key {webhook.DeliveryKey})"
                : $"signature REFUSED: {webhook.Problem}",
            failure: !webhook.SignatureValid);
        return true;
    }

    private bool TryAttach(ReceivedEmail email)
    {
        var journey = ForDeliveryKey(email.DeliveryKey);
        if (journey is null)
        {
            return false;
        }

        journey.Emails.Add(email);
        narrator.Step(journey.Sample.Name, "e-mail in", email.At - journey.UploadedAt, $"to {email.To}: \"{email.Subject}\"");
        return true;
    }

    // A delivery key is "<causation id>:<topic>" or "<event id>:<topic>" (docs/fleet.md): the id before the colon is the
    // upload's event id or the notification.requested event's, both linked by the follower.
    private FileJourney? ForDeliveryKey(string deliveryKey)
    {
        var colon = deliveryKey.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? ByEventId(deliveryKey[..colon]) : null;
    }
}
