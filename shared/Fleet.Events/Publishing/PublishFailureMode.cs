namespace Fleet.Events;

/// <summary>What a publish does when Redis cannot be reached (DESIGN.md section 6).</summary>
public enum PublishFailureMode
{
    /// <summary>Throw at once; the caller decides. Nothing is stored locally.</summary>
    FailFast,

    /// <summary>Spool to the local durable outbox, replayed in order once Redis is back; a full outbox throws.</summary>
    Outbox,
}
