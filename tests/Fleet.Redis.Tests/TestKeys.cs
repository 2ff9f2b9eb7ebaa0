using System.Runtime.CompilerServices;

namespace Fleet.Redis.Tests;

/// <summary>Keys of their own for each test (test name plus a random suffix), so tests share one server in parallel.</summary>
internal static class TestKeys
{
    public static string Unique([CallerMemberName] string test = "") => $"test:{test}:{Guid.NewGuid():N}";
}
