namespace Fleet.Testing.Acl;

/// <summary>What one run of <c>deploy/redis/render-acl.sh</c> left.</summary>
/// <param name="ExitCode">The script's exit code (0: the output was written).</param>
/// <param name="StandardOutput">Everything it printed on stdout.</param>
/// <param name="StandardError">Everything it printed on stderr (the reason it failed).</param>
internal sealed record AclScriptRun(int ExitCode, string StandardOutput, string StandardError);
