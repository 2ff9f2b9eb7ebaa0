using System.Runtime.CompilerServices;

namespace Fleet.Events.Tests;

/// <summary>Stream names of their own for each test (test name plus a random suffix), so tests share one server in parallel.</summary>
internal static class TestStreams
{
    public static string Unique([CallerMemberName] string test = "")
    {
        var name = test.ToLowerInvariant().Replace('_', '-');
        return $"t.{(name.Length > 80 ? name[..80] : name)}.{Guid.NewGuid():N}";
    }
}
