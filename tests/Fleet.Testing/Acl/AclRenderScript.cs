using System.Diagnostics;
using Fleet.Testing.Processes;

namespace Fleet.Testing.Acl;

/// <summary>Runs the repository's <c>deploy/redis/render-acl.sh</c> with <c>/bin/sh</c>, as compose and Kubernetes run it.</summary>
internal static class AclRenderScript
{
    /// <summary>What every password variable starts with (<c>REDIS_PASSWORD_FILE_PROCESSOR</c>).</summary>
    public const string VariablePrefix = "REDIS_PASSWORD_";

    /// <summary>The script, <c>deploy/redis/render-acl.sh</c>.</summary>
    public static string ScriptPath => Path.Combine(ServiceBinaries.RepositoryRoot, "deploy", "redis", "render-acl.sh");

    /// <summary>The template, <c>deploy/redis/users.acl</c>.</summary>
    public static string TemplatePath => Path.Combine(ServiceBinaries.RepositoryRoot, "deploy", "redis", "users.acl");

    /// <summary>
    /// Runs <c>sh render-acl.sh TEMPLATE OUTPUT</c> with <paramref name="variables"/> as its only <c>REDIS_PASSWORD_*</c>
    /// variables: those of the test process's own environment are removed, so a developer's shell cannot fill a gap.
    /// </summary>
    public static async Task<AclScriptRun> RunAsync(string template, string output, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        info.ArgumentList.Add(ScriptPath);
        info.ArgumentList.Add(template);
        info.ArgumentList.Add(output);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith(VariablePrefix, StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        using var script = Process.Start(info) ?? throw new InvalidOperationException($"/bin/sh {ScriptPath} did not start.");
        var stdout = script.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = script.StandardError.ReadToEndAsync(cancellationToken);
        await script.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return new AclScriptRun(script.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
