using System.Globalization;

namespace Fleet.Chaos;

/// <summary>The Redis keys where consumers record their effects; the test reads the same keys.</summary>
public static class ChaosKeys
{
    /// <summary>The staged effect: one hash, field = sequence key, incremented in the same script as the mark and the XACK.</summary>
    public const string Staged = "chaos:staged";

    private const string PlainPrefix = "chaos:plain:";

    /// <summary>
    /// The plain effect of one consumer run between two connection losses (an epoch): a hash, field = sequence key,
    /// incremented directly in the handler. Splitting by run and epoch lets the test tell a double effect that a kill
    /// explains (the earlier run was SIGKILLed, or Redis was killed before that epoch ended) from one nothing explains.
    /// </summary>
    /// <param name="run">The consumer run's id, unique per process started.</param>
    /// <param name="epoch">How many times this run's connection failed before the effect.</param>
    /// <returns>The hash key.</returns>
    public static string Plain(string run, int epoch) => string.Create(CultureInfo.InvariantCulture, $"{PlainPrefix}{run}:{epoch}");

    /// <summary>The hash field of one event: its publisher and sequence number.</summary>
    /// <param name="publisher">The publisher's name.</param>
    /// <param name="seq">The sequence number.</param>
    /// <returns>For example <c>p1/42</c>.</returns>
    public static string Field(string publisher, long seq) => string.Create(CultureInfo.InvariantCulture, $"{publisher}/{seq}");
}
