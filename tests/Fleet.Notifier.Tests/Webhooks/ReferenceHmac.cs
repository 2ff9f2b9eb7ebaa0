using System.Security.Cryptography;

namespace Fleet.Notifier.Tests.Webhooks;

/// <summary>
/// A second HMAC-SHA256, written from RFC 2104 on top of SHA-256 (block size 64, ipad 0x36, opad 0x5c), so the signer is
/// checked against an implementation that shares no code with it; RFC 4231's vectors check this one.
/// </summary>
internal static class ReferenceHmac
{
    private const int BlockSize = 64;

    public static byte[] Sha256(byte[] key, byte[] message)
    {
        var block = new byte[BlockSize];
        (key.Length > BlockSize ? SHA256.HashData(key) : key).CopyTo(block, 0);
        var inner = new byte[BlockSize + message.Length];
        var outer = new byte[BlockSize + 32];
        for (var i = 0; i < BlockSize; i++)
        {
            inner[i] = (byte)(block[i] ^ 0x36);
            outer[i] = (byte)(block[i] ^ 0x5c);
        }

        message.CopyTo(inner, BlockSize);
        SHA256.HashData(inner).CopyTo(outer, BlockSize);
        return SHA256.HashData(outer);
    }
}
