using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Pub/Sub publishing: PUBLISH (subscribing needs a connection of its own and lives elsewhere).</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// PUBLISH: sends <paramref name="message"/> to the subscribers of <paramref name="channel"/> and returns how many
    /// received it (on a cluster, only those connected to this node). Pub/Sub keeps nothing: with no subscriber the message is lost.
    /// </summary>
    public ValueTask<long> PublishAsync(string channel, RedisValue message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var command = CommandWriter.Start("PUBLISH", 3);
        command.Write(channel);
        command.Write(message);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }
}
