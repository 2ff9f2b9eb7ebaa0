using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// Which parked entries of one stream an operator's request is about: the ids listed, or else every parked entry that
/// matches the filters (none given: all), oldest first, at most <see cref="Limit"/>.
/// </summary>
/// <param name="Stream">The source stream whose <c>:parked</c> entries are meant, e.g. <c>contextual.events</c>.</param>
/// <param name="EntryIds">Entry ids in <c>:parked</c>; when given, the filters are not used.</param>
/// <param name="ErrorType">Only entries with this <c>dlq_error_type</c>.</param>
/// <param name="EventType">Only entries of this event type.</param>
/// <param name="Limit">At most this many entries, 1 to 10 000.</param>
public sealed record ParkedEntrySelection(
    [property: Required, RegularExpression("^[a-z0-9][a-z0-9._-]{0,199}$")] string Stream,
    [property: MaxLength(1000), EachMatches(Ids.EntryIdPattern, ErrorMessage = "{0} must be stream entry ids such as 1700000000000-0.")] IReadOnlyList<string>? EntryIds = null,
    [property: RegularExpression("^[a-z_]{1,64}$")] string? ErrorType = null,
    [property: StringLength(200)] string? EventType = null,
    [property: Range(1, 10_000)] int Limit = 100);
