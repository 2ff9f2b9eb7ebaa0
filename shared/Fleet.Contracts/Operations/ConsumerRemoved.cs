using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// dead-letter-reaper removed a dead consumer from a group (system.events): idle longer than its threshold, with no
/// pending entries and no live instance.
/// </summary>
/// <param name="Stream">The stream's name (its hash tag), e.g. <c>contextual.events</c>.</param>
/// <param name="StreamKey">The Redis key the group reads: the stream, or one of its helpers such as <c>fleet:{contextual.events}:dlq</c>.</param>
/// <param name="Group">The consumer group.</param>
/// <param name="Consumer">The consumer removed.</param>
/// <param name="IdleMilliseconds">How long it had been idle.</param>
public sealed record ConsumerRemoved(
    [property: Required, StringLength(200)] string Stream,
    [property: Required, StringLength(300)] string StreamKey,
    [property: Required, StringLength(200)] string Group,
    [property: Required, StringLength(200)] string Consumer,
    [property: Range(0, long.MaxValue)] long IdleMilliseconds);
