namespace Fleet.Testing;

/// <summary>
/// An extra ACL user written into the server's configuration as
/// <c>user NAME on &gt;PASSWORD RULES</c>.
/// </summary>
/// <param name="Name">The user name; must not be empty or contain whitespace.</param>
/// <param name="Password">The clear-text password the user authenticates with (<c>AUTH name password</c>).</param>
/// <param name="Rules">
/// The ACL SETUSER rules, space separated, for example <c>~fleet:* &amp;* +@all</c>.
/// </param>
public sealed record RedisAclUser(string Name, string Password, string Rules);
