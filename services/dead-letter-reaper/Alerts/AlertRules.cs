namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>The rules of seed 001 (<c>SystemAlertRaised.Rule</c>) and the subject of the memory rule.</summary>
internal static class AlertRules
{
    /// <summary>A group's lag (entries it has not read) above <see cref="AlertsOptions.ConsumerLag"/>; subject <c>{stream}/{group}</c>.</summary>
    public const string ConsumerLag = "consumer_lag";

    /// <summary>A stream's dead letters per entry added over the window above <see cref="AlertsOptions.ErrorRate"/>; subject <c>{stream}</c>.</summary>
    public const string ErrorRate = "error_rate";

    /// <summary>A group's unfinished entries (lag + pending) above <see cref="AlertsOptions.StreamDepth"/>; subject <c>{stream}/{group}</c>.</summary>
    public const string StreamDepth = "stream_depth";

    /// <summary>A stream's <c>:dlq</c> length above <see cref="AlertsOptions.DeadLetterDepth"/>; subject <c>{stream}</c>.</summary>
    public const string DeadLetterDepth = "dead_letter_depth";

    /// <summary>Redis's used_memory / maxmemory above <see cref="AlertsOptions.MemoryRatio"/>; subject <see cref="Redis"/>.</summary>
    public const string Memory = "memory";

    /// <summary>The subject of <see cref="Memory"/>.</summary>
    public const string Redis = "redis";

    /// <summary>The subject of a group's rules: <c>{stream}/{group}</c> (the stream as a name, <c>…:dlq</c> for a dead-letter stream's group).</summary>
    public static string GroupSubject(string stream, string group) => stream + "/" + group;

    /// <summary>An alert's identity across evaluations and leaders, <c>{rule}:{subject}</c>.</summary>
    public static string Key(string rule, string subject) => rule + ":" + subject;
}
