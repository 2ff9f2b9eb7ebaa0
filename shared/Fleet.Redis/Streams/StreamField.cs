namespace Fleet.Redis;

/// <summary>One field of a stream entry: a name and a binary-safe value.</summary>
/// <param name="Name">The field name (UTF-8 on the wire).</param>
/// <param name="Value">The field value; any bytes.</param>
public readonly record struct StreamField(string Name, RedisValue Value);
