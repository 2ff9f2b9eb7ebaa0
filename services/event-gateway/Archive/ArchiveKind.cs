namespace Fleet.EventGateway.Archive;

/// <summary>Where in Redis an archived entry was read from.</summary>
internal enum ArchiveKind
{
    /// <summary>A domain stream (<c>fleet:{x.events}</c>).</summary>
    Event,

    /// <summary>A stream's dead letters (<c>…:dlq</c>).</summary>
    DeadLetter,

    /// <summary>Dead letters the reaper gave up on (<c>…:parked</c>).</summary>
    Parked,
}
