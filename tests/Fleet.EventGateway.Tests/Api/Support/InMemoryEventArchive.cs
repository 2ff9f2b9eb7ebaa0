using System.Globalization;
using Fleet.EventGateway.Archive;

namespace Fleet.EventGateway.Tests.Api.Support;

/// <summary>
/// A test double of <see cref="IEventArchive"/> over a list: it filters, orders (timestamp, then id) and pages like the
/// contract says, so the HTTP layer can be tested without PostgreSQL. The cursor is the index of the next entry.
/// It records the last query so tests can see what the endpoint asked for.
/// </summary>
internal sealed class InMemoryEventArchive(IEnumerable<ArchivedEvent> events) : IEventArchive
{
    private readonly ArchivedEvent[] _events = [.. events.OrderBy(e => e.Timestamp).ThenBy(e => e.Id, StringComparer.Ordinal)];

    public ArchiveQuery? LastQuery { get; private set; }

    public Task<ArchivePage> QueryAsync(ArchiveQuery query, CancellationToken cancellationToken)
    {
        LastQuery = query;
        var start = query.Cursor is null ? 0 : int.Parse(query.Cursor, NumberStyles.None, CultureInfo.InvariantCulture);
        var matching = _events.Where(e =>
            (query.Stream is null || e.Stream == query.Stream)
            && (query.Type is null || e.Type == query.Type)
            && (query.From is null || e.Timestamp >= query.From)
            && (query.To is null || e.Timestamp < query.To)
            && (query.CorrelationId is null || e.CorrelationId == query.CorrelationId)
            && (query.UserId is null || e.UserId == query.UserId)
            && e.Kind == (query.Kind ?? ArchiveKind.Event)).ToArray();
        var page = matching.Skip(start).Take(query.Limit).ToArray();
        var next = start + page.Length < matching.Length ? (start + page.Length).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new ArchivePage(page, next));
    }

    public Task<ArchivedEvent?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_events.FirstOrDefault(e => e.Id == id && e.Kind == ArchiveKind.Event));

    public Task<IReadOnlyList<ArchivedEvent>> ConversationAsync(string correlationId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ArchivedEvent>>([.. _events.Where(e => e.CorrelationId == correlationId && e.Kind == ArchiveKind.Event).Take(limit)]);

    public Task<ArchiveSize> SizeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ArchiveSize(
            _events.LongCount(e => e.Kind == ArchiveKind.Event),
            _events.LongCount(e => e.Kind == ArchiveKind.DeadLetter),
            _events.LongCount(e => e.Kind == ArchiveKind.Parked),
            _events.Length * 512L));
}
