namespace Fleet.Ctl.DeadLetters;

/// <summary>What became of an operator's request to dead-letter-reaper.</summary>
internal enum ReaperAnswerState
{
    /// <summary>The reaper's group acknowledged it: every answer is on system.events.</summary>
    Handled,

    /// <summary>It was dead-lettered (a stream the reaper does not watch, an invalid request).</summary>
    Refused,

    /// <summary>Not handled before the timeout.</summary>
    TimedOut,
}
