namespace Fleet.Redis;

/// <summary>Expiry times as Redis takes them (PX, PEXPIRE): positive whole milliseconds, rounded up so a key never lives shorter than asked.</summary>
internal static class Expiry
{
    public static long ToMilliseconds(TimeSpan expiry, string parameterName)
    {
        if (expiry <= TimeSpan.Zero)
        {
            // PEXPIRE / PX with a non-positive time deletes the key or fails; DeleteAsync says that plainly.
            throw new ArgumentOutOfRangeException(parameterName, expiry, "An expiry must be positive; use DeleteAsync to remove a key.");
        }

        return (long)Math.Ceiling(expiry.TotalMilliseconds);
    }
}
