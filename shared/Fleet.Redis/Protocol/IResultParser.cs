namespace Fleet.Redis.Protocol;

/// <summary>
/// Turns one reply into a command's result. Parsers are stateless singletons; they read from the
/// connection's buffer, so whatever they return must copy the bytes it keeps. Error replies never
/// reach a parser: the connection turns them into <see cref="RedisServerException"/> first.
/// </summary>
internal interface IResultParser<out T>
{
    T Parse(ref RespReader reader);
}
