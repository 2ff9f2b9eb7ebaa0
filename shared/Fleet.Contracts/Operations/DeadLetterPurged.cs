using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>Parked entries were deleted on an operator's request (system.events).</summary>
/// <param name="Stream">The source stream.</param>
/// <param name="RequestId">The <c>system.dead_letter.purge.requested</c> event.</param>
/// <param name="Count">How many entries were deleted.</param>
/// <param name="EntryIds">Their ids in <c>:parked</c>.</param>
public sealed record DeadLetterPurged(
    [property: Required, StringLength(200)] string Stream,
    [property: Required, RegularExpression(Ids.UlidPattern)] string RequestId,
    [property: Range(0, int.MaxValue)] int Count,
    [property: Required, MaxLength(10_000)] IReadOnlyList<string> EntryIds);
