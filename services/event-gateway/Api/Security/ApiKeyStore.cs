using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Api.Security;

/// <summary>
/// The configured keys, kept as SHA-256 hashes. A presented key is hashed and compared with every configured hash in
/// constant time (CryptographicOperations.FixedTimeEquals, no early exit), so neither the comparison nor the position
/// of the match tells an attacker how close a guess was. Comparing hashes rather than keys also hides the keys' lengths.
/// </summary>
internal sealed class ApiKeyStore
{
    // A longer header is refused before hashing: a key is at most this many characters (3 UTF-8 bytes each at most),
    // which bounds the stack buffer.
    private const int MaxKeyBytes = 512;

    private readonly ApiKeyIdentity[] _keys;

    public ApiKeyStore(IOptions<GatewayApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = ApiKeySources.Read(options.Value.ApiKeys, []);
        _keys = [.. configured
            .Select(key => new ApiKeyIdentity(SHA256.HashData(Encoding.UTF8.GetBytes(key.Key)), key.Role))
            .DistinctBy(key => Convert.ToHexString(key.Hash))];
    }

    /// <summary>Whether any admin key is configured; without one every state-changing call is refused.</summary>
    public bool HasAdminKey => _keys.Any(key => key.Role == ApiKeyRole.Admin);

    /// <summary>How many keys of each role are configured.</summary>
    public int Count(ApiKeyRole role) => _keys.Count(key => key.Role == role);

    /// <summary>The identity of <paramref name="presented"/>, or null when it is no configured key.</summary>
    public ApiKeyIdentity? Find(ReadOnlySpan<char> presented)
    {
        if (presented.IsEmpty || presented.Length > MaxKeyBytes)
        {
            return null;
        }

        Span<byte> utf8 = stackalloc byte[MaxKeyBytes * 3];
        var length = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        ApiKeyIdentity? found = null;
        foreach (var key in _keys)
        {
            // Every hash is compared, whether or not an earlier one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                found = key;
            }
        }

        return found;
    }
}
