using System.Diagnostics;
using System.Globalization;
using Fleet.Testing.Processes;

namespace Fleet.Testing;

/// <content>Running redis-cli against the server.</content>
public sealed partial class RedisServer
{
    /// <summary>
    /// Runs <c>redis-cli</c> against this server, adding the host, port, TLS flags (trusting
    /// <see cref="CaCertificatePath"/>), the user (<c>--user</c>, <see cref="RedisServerOptions.User"/>) and its password
    /// (through <c>REDISCLI_AUTH</c>) as needed.
    /// </summary>
    /// <param name="args">The command and its arguments, for example <c>"SET", "k", "v"</c>.</param>
    /// <returns>Standard output, trimmed. redis-cli prints error replies there too and still exits 0.</returns>
    /// <exception cref="InvalidOperationException">redis-cli is not on <c>PATH</c>, or it exited non-zero (the message holds its stderr).</exception>
    public async Task<string> CliAsync(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo(ExecutableLocator.Find(ExecutableLocator.RedisCli))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        info.ArgumentList.Add("-h");
        info.ArgumentList.Add(Host);
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(Port.ToString(CultureInfo.InvariantCulture));
        if (CaCertificatePath is not null)
        {
            info.ArgumentList.Add("--tls");
            info.ArgumentList.Add("--cacert");
            info.ArgumentList.Add(CaCertificatePath);
        }

        if (_options.User is not null)
        {
            info.ArgumentList.Add("--user");
            info.ArgumentList.Add(_options.User);
        }

        if (_options.Password is not null)
        {
            // -a would print a warning to stderr and show the password in the process list.
            info.Environment["REDISCLI_AUTH"] = _options.Password;
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var cli = Process.Start(info) ?? throw new InvalidOperationException("redis-cli did not start.");
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync().ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (cli.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"redis-cli {string.Join(' ', args)} exited with code {cli.ExitCode}: {error.Trim()} {output.Trim()}".TrimEnd());
        }

        return output.Trim();
    }
}
