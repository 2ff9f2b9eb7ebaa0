namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>What one evaluation read from Redis, before the rules are applied.</summary>
/// <param name="Groups">Every consumer group on the fleet's streams and on their <c>:dlq</c>.</param>
/// <param name="Counters">Per stream name: entries ever added to it and to its <c>:dlq</c>.</param>
/// <param name="DeadLetters">Per stream name: XLEN of its <c>:dlq</c>.</param>
/// <param name="Memory">Redis's used_memory and maxmemory (INFO memory).</param>
internal sealed record FleetReading(
    IReadOnlyList<GroupReading> Groups,
    IReadOnlyDictionary<string, StreamCounters> Counters,
    IReadOnlyDictionary<string, long> DeadLetters,
    MemoryReading Memory);
