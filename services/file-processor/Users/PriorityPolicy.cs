using Fleet.Contracts;

namespace Fleet.FileProcessor.Users;

/// <summary>
/// The priority an upload's embeddings are asked with. An upload that says <c>high</c> or <c>low</c> gets it. <c>normal</c>
/// (also what an upload without the field says, as it is the default) means "no preference", and the user's tier
/// decides: enterprise → high, free → low, pro → normal; a user whose tier was never seen → normal.
/// </summary>
internal static class PriorityPolicy
{
    public static Priority Resolve(Priority declared, UserTier? tier) => declared != Priority.Normal
        ? declared
        : tier switch
        {
            UserTier.Enterprise => Priority.High,
            UserTier.Free => Priority.Low,
            _ => Priority.Normal,
        };
}
