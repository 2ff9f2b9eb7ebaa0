namespace Fleet.Chaos.Tests;

/// <summary>One redis-server SIGKILL and restart from its AOF: Unix ms of the kill and of the first PING answered after it.</summary>
internal sealed record RedisRestart(long KilledAt, long RestartedAt, bool WhilePublishing);
