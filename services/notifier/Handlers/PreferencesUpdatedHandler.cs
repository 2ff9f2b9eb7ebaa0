using Fleet.Contracts;
using Fleet.Events;
using Fleet.Notifier.Preferences;

namespace Fleet.Notifier.Handlers;

/// <summary>
/// <c>user.preferences.updated</c> (group <c>notifier</c> on user.events): keeps the user's channels and addresses in
/// the preferences hash. The writes are staged, so they commit with the acknowledgement: a kill before the commit
/// leaves the old preferences and the entry pending; a redelivery after it writes nothing.
/// </summary>
internal sealed class PreferencesUpdatedHandler(PreferencesStore store, ILogger<PreferencesUpdatedHandler> logger)
    : IEventHandler<UserPreferencesUpdated>
{
    public async ValueTask HandleAsync(EventContext<UserPreferencesUpdated> context, CancellationToken cancellationToken)
    {
        var update = context.Data;
        if (PreferencesPolicy.WebhookUrlProblem(update.WebhookUrl) is { } problem)
        {
            Log.PreferencesRefused(logger, update.UserId, context.Envelope.Id.ToString(), problem);
            throw new PermanentEventException($"Preferences of user '{update.UserId}' refused: {problem}");
        }

        var timestamp = context.Envelope.Timestamp;
        var stored = await store.ReadAsync(update.UserId, cancellationToken).ConfigureAwait(false);
        if (PreferencesPolicy.IsStale(stored, timestamp))
        {
            Log.StalePreferencesIgnored(logger, update.UserId, context.Envelope.Id.ToString(), timestamp, stored.UpdatedAt!.Value);
            return;
        }

        // DEL first, in the same script: the hash then holds exactly this update (an address the user removed is gone).
        var key = context.StateKey(ContractKeys.PreferencesName(update.UserId));
        context.StageDelete(key);
        context.StageHashSet(key, PreferenceFields.Channels, PreferenceFields.FormatChannels(update.Channels));
        if (!string.IsNullOrEmpty(update.WebhookUrl))
        {
            context.StageHashSet(key, PreferenceFields.WebhookUrl, update.WebhookUrl);
        }

        if (!string.IsNullOrEmpty(update.Email))
        {
            context.StageHashSet(key, PreferenceFields.Email, update.Email);
        }

        context.StageHashSet(key, PreferenceFields.UpdatedAt, PreferenceFields.FormatTimestamp(timestamp));
        Log.PreferencesUpdated(logger, update.UserId, PreferenceFields.FormatChannels(update.Channels), timestamp);
    }
}
