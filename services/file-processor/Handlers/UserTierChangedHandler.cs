using Fleet.Contracts;
using Fleet.Events;
using Fleet.FileProcessor.Users;

namespace Fleet.FileProcessor.Handlers;

/// <summary>
/// Keeps each user's tier (user.events, <c>user.tier.changed</c>) for the priority of their uploads: a staged SET of
/// <see cref="ContractKeys.Tier"/> that commits with the acknowledgement, so a redelivery writes nothing twice.
/// </summary>
internal sealed class UserTierChangedHandler(ILogger<UserTierChangedHandler> logger) : IEventHandler<UserTierChanged>
{
    public ValueTask HandleAsync(EventContext<UserTierChanged> context, CancellationToken cancellationToken)
    {
        var tier = TierStore.Format(context.Data.Tier);
        context.StageSet(context.StateKey(ContractKeys.TierName(context.Data.UserId)), tier);
        Log.TierChanged(logger, context.Data.UserId, tier);
        return ValueTask.CompletedTask;
    }
}
