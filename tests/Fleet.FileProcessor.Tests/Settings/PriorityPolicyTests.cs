using Fleet.Contracts;
using Fleet.FileProcessor.Users;

namespace Fleet.FileProcessor.Tests.Settings;

/// <summary>An upload's explicit high or low wins; normal (the default) defers to the tier.</summary>
public sealed class PriorityPolicyTests
{
    [Theory]
    [InlineData(Priority.Normal, null, Priority.Normal)]
    [InlineData(Priority.Normal, UserTier.Free, Priority.Low)]
    [InlineData(Priority.Normal, UserTier.Pro, Priority.Normal)]
    [InlineData(Priority.Normal, UserTier.Enterprise, Priority.High)]
    [InlineData(Priority.High, UserTier.Free, Priority.High)]
    [InlineData(Priority.High, null, Priority.High)]
    [InlineData(Priority.Low, UserTier.Enterprise, Priority.Low)]
    [InlineData(Priority.Low, null, Priority.Low)]
    public void Resolve_DeclaredAndTier_GivesThePriority(Priority declared, UserTier? tier, Priority expected)
    {
        Assert.Equal(expected, PriorityPolicy.Resolve(declared, tier));
    }
}
