using System.Globalization;

namespace Fleet.Chaos;

/// <summary>The Redis keys where consumers record their effects; the test reads the same keys.</summary>
public static class ChaosKeys
{
    /// <summary>
    /// The staged effect: one hash, field = sequence key, incremented by a staged write that commits in the same script
    /// as the idempotency mark and the XACK. A state key of the stream (what <c>context.StateKey("staged")</c> builds),
    /// because a staged key must carry the stream's hash tag.
    /// </summary>
    /// <param name="streamKey">The stream's key, for example <c>fleet:{chaos.events}</c>.</param>
    /// <returns>The hash key.</returns>
    public static string Staged(string streamKey) => streamKey + ":state:staged";

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
