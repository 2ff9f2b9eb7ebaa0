namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>Programs the Kubernetes tests run (kubectl, sh, redis-server), found on PATH or failing with how to get them.</summary>
internal static class Executables
{
    public static string Find(string name, string installHint)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{name} is not on PATH: {installHint}");
    }
}
