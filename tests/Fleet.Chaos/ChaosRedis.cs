using Fleet.Redis;

namespace Fleet.Chaos;

/// <summary>Connecting the roles' client while the test may be restarting redis-server.</summary>
internal static class ChaosRedis
{
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Connects, retrying refused connections for up to a minute: a replacement consumer may start during a Redis
    /// outage, and what this suite measures is the running fleet, not start-up before Redis (issue 7 section 3 and
    /// its own tests).
    /// </summary>
    public static async Task<RedisClient> ConnectAsync(string url)
    {
        var time = TimeProvider.System;
        var start = time.GetTimestamp();
        while (true)
        {
            try
            {
                return await RedisClient.ConnectAsync(url);
            }
            catch (RedisConnectionException) when (time.GetElapsedTime(start) < RetryFor)
            {
                await Task.Delay(RetryDelay, time);
            }
        }
    }
}
