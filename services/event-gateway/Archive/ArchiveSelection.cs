using Fleet.Events;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// What the archiver reads and keeps, from <see cref="ArchiveOptions"/>: the keys (each archived stream, and its
/// <c>:dlq</c> and <c>:parked</c> unless <see cref="ArchiveOptions.DeadLetters"/> is off, all three in one hash tag) and
/// the event types kept per stream (the global filter, then the stream's own).
/// </summary>
internal sealed class ArchiveSelection
{
    private readonly ArchiveTypeFilter _global;
    private readonly Dictionary<string, ArchiveTypeFilter> _perStream;

    public ArchiveSelection(IOptions<ArchiveOptions> options, StreamKeys keys)
    {
        var value = options.Value;
        _global = new ArchiveTypeFilter { IncludeTypes = value.IncludeTypes, ExcludeTypes = value.ExcludeTypes };
        _perStream = value.StreamTypes;
        var sources = new List<ArchiveSource>();
        foreach (var stream in value.ArchivedStreams)
        {
            sources.Add(new ArchiveSource(keys.Stream(stream), stream, ArchiveKind.Event));
            if (value.DeadLetters)
            {
                sources.Add(new ArchiveSource(keys.DeadLetters(stream), stream, ArchiveKind.DeadLetter));
                sources.Add(new ArchiveSource(keys.Parked(stream), stream, ArchiveKind.Parked));
            }
        }

        Sources = sources;
    }

    /// <summary>Every key read, in a fixed order.</summary>
    public IReadOnlyList<ArchiveSource> Sources { get; }

    /// <summary>Whether an event of <paramref name="type"/> on <paramref name="stream"/> is archived.</summary>
    public bool Admits(string stream, string type) =>
        _global.Admits(type) && (!_perStream.TryGetValue(stream, out var filter) || filter.Admits(type));
}
