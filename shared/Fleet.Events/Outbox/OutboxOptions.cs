using System.Reflection;

namespace Fleet.Events.Outbox;

/// <summary>
/// Where and how much the publisher spools while Redis is unreachable (design §6). The outbox is a bounded,
/// durable FIFO on local disk, replayed in order once Redis is back.
/// </summary>
public sealed class OutboxOptions
{
    /// <summary>
    /// The directory holding the outbox's segment, checkpoint and lock files; created when missing. One process
    /// at a time may use a directory. Default <c>{LocalApplicationData}/fleet/outbox/{entry assembly name}</c>
    /// (on Linux <c>~/.local/share/fleet/outbox/…</c>), or the same under the temp directory when there is no
    /// local application data folder. The default is not under the temp directory because that is often a tmpfs
    /// cleared at boot, which would defeat durability. In a container, point this at a mounted volume so the
    /// outbox survives the container being replaced.
    /// </summary>
    public string Directory { get; set; } = DefaultDirectory();

    /// <summary>
    /// Most bytes of unconsumed records (payloads plus their 8-byte frame headers) the outbox holds; an append that
    /// would go past it fails with <see cref="OutboxFullException"/>. Consumed records still on disk in the current
    /// segment are not counted, so disk use can exceed this by up to about <see cref="SegmentBytes"/>.
    /// Default 64 MiB.
    /// </summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Most unconsumed records the outbox holds; an append that would go past it fails with
    /// <see cref="OutboxFullException"/>. Default 100 000.
    /// </summary>
    public int MaxEvents { get; set; } = 100_000;

    /// <summary>
    /// Size past which appends go to a new segment file; a segment is deleted once every record in it is
    /// consumed, so this is also the granularity at which disk space is given back. Default 4 MiB.
    /// </summary>
    public long SegmentBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("The outbox directory must be set.", nameof(Directory));
        }

        if (MaxBytes <= 0)
        {
            throw new ArgumentException($"The outbox MaxBytes must be positive; it is {MaxBytes}.", nameof(MaxBytes));
        }

        if (MaxEvents <= 0)
        {
            throw new ArgumentException($"The outbox MaxEvents must be positive; it is {MaxEvents}.", nameof(MaxEvents));
        }

        if (SegmentBytes <= 0)
        {
            throw new ArgumentException($"The outbox SegmentBytes must be positive; it is {SegmentBytes}.", nameof(SegmentBytes));
        }
    }

    private static string DefaultDirectory()
    {
        // The entry assembly names the service (Fleet.Orders), unlike the process name, which is "dotnet" when the
        // service runs as `dotnet Fleet.Orders.dll`. Two replicas on one host then share a directory, and the
        // second one's Open fails on the lock instead of interleaving their files.
        var name = Assembly.GetEntryAssembly()?.GetName().Name ?? "fleet";
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(root))
        {
            root = Path.GetTempPath();
        }

        return Path.Combine(root, "fleet", "outbox", name);
    }
}
