namespace Fleet.Redis;

/// <summary>When SET writes its value.</summary>
public enum SetCondition
{
    /// <summary>Always.</summary>
    Always,

    /// <summary>Only when the key does not exist (NX).</summary>
    IfNotExists,

    /// <summary>Only when the key exists (XX).</summary>
    IfExists,
}
