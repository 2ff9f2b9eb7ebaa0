using System.Security.Cryptography;
using System.Text;

namespace Fleet.Redis;

/// <summary>
/// A Lua script with its SHA1, computed locally the way Redis names cached scripts, so that
/// <see cref="RedisClient.EvaluateAsync"/> can send EVALSHA without loading it first. Create one per
/// script and keep it (a static field); it holds no connection state.
/// </summary>
public sealed class RedisScript
{
    /// <summary>Wraps <paramref name="source"/>, the Lua body as EVAL would take it.</summary>
    public RedisScript(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Source = source;
        // Redis names a script by the lower-case hex SHA1 of its UTF-8 body; the algorithm is Redis's choice, not a security control.
#pragma warning disable CA5350 // SHA1 is what EVALSHA / SCRIPT LOAD use as the script's name.
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
#pragma warning restore CA5350
    }

    /// <summary>The Lua source.</summary>
    public string Source { get; }

    /// <summary>The lower-case hex SHA1 of <see cref="Source"/>, as SCRIPT LOAD returns it.</summary>
    public string Sha1 { get; }

    /// <summary>The SHA1, which is how Redis names the script.</summary>
    public override string ToString() => Sha1;
}
