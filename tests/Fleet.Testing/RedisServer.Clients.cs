using System.Globalization;
using Xunit;

namespace Fleet.Testing;

/// <content>
/// The server's view of its clients (INFO clients, CLIENT LIST): a test waits until a read is blocked on the server
/// instead of sleeping and hoping it is.
/// </content>
public sealed partial class RedisServer
{
    /// <summary>INFO clients <c>blocked_clients</c>: how many connections wait in a blocking command (XREAD BLOCK, BLPOP ...).</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The count the server reports now.</returns>
    /// <exception cref="InvalidOperationException">The server did not answer INFO with a <c>blocked_clients</c> field.</exception>
    public async Task<long> BlockedClientsAsync(CancellationToken cancellationToken = default)
    {
        var info = await QueryAsync(cancellationToken, "INFO", "clients").ConfigureAwait(false);
        const string field = "blocked_clients:";
        foreach (var line in info.Split('\n'))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"INFO clients of {this} has no blocked_clients field.");
    }

    /// <summary>
    /// Waits until INFO clients reports exactly <paramref name="count"/> blocked connections. Use it on a server whose
    /// clients the test owns (a class fixture's or its own): on a server shared with parallel tests the count is theirs
    /// too, and <see cref="WaitUntilClientBlockedAsync"/> is the one to use.
    /// </summary>
    /// <param name="count">The number of connections expected to wait in a blocking command.</param>
    /// <returns>A task that completes once the server reports that count.</returns>
    /// <exception cref="TimeoutException">The count was not reached within <see cref="Eventually.DefaultLimit"/>.</exception>
    public Task WaitForBlockedClientsAsync(long count) =>
        Eventually.UntilAsync(() => BlockedClientsAsync(TestContext.Current.CancellationToken), blocked => blocked == count, $"blocked_clients is {count} on {this}");

    /// <summary>
    /// Waits until a connection named <paramref name="clientName"/> (CLIENT SETNAME) is blocked (CLIENT LIST
    /// <c>flags</c> has <c>b</c>), in <paramref name="command"/> when one is given. Safe on a server shared with parallel tests.
    /// </summary>
    /// <param name="clientName">The connection's name, unique to the test.</param>
    /// <param name="command">The blocking command, lower case as CLIENT LIST shows it (<c>xreadgroup</c>), or null for any.</param>
    /// <returns>A task that completes once the connection is blocked.</returns>
    /// <exception cref="TimeoutException">No such connection was blocked within <see cref="Eventually.DefaultLimit"/>.</exception>
    public async Task WaitUntilClientBlockedAsync(string clientName, string? command = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        var cancellationToken = TestContext.Current.CancellationToken;
        await Eventually.UntilAsync(
            async () => Named(await QueryAsync(cancellationToken, "CLIENT", "LIST").ConfigureAwait(false), clientName),
            named => named.Split('\n').Any(line => Field(line, "flags").Contains('b', StringComparison.Ordinal) && (command is null || Field(line, "cmd") == command)),
            $"a connection named {clientName} is blocked{(command is null ? string.Empty : " in " + command)} on {this}").ConfigureAwait(false);
    }

    /// <returns>
    /// The CLIENT LIST lines (empty when none) of the connections named <paramref name="clientName"/>: a client's shared connection and
    /// the dedicated ones its blocking reads use carry the same name.
    /// </returns>
    private static string Named(string clientList, string clientName) =>
        string.Join('\n', clientList.Split('\n').Select(line => line.Trim()).Where(line => Field(line, "name") == clientName));

    /// <returns>The value of <paramref name="name"/> in a CLIENT LIST line (space-separated <c>name=value</c> pairs), or empty.</returns>
    private static string Field(string line, string name)
    {
        var prefix = name + "=";
        return line.Split(' ').FirstOrDefault(pair => pair.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..] ?? string.Empty;
    }

    /// <summary>Sends one command on a connection of its own and returns the text of its bulk reply.</summary>
    private async Task<string> QueryAsync(CancellationToken cancellationToken, params string[] command)
    {
        await using var connection = await Endpoint.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var reply = await connection.SendAsync(cancellationToken, command).ConfigureAwait(false);
        return reply.IsError || reply.Text is null
            ? throw new InvalidOperationException($"{string.Join(' ', command)} on {this} answered {reply.Kind}{reply.Text}")
            : reply.Text;
    }
}
