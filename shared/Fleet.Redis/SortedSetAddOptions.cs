namespace Fleet.Redis;

/// <summary>The options of ZADD. <see cref="IfNotExists"/> excludes <see cref="IfExists"/>, <see cref="GreaterThan"/> and <see cref="LessThan"/>.</summary>
[Flags]
public enum SortedSetAddOptions
{
    /// <summary>Add new members and update the scores of existing ones; count only the added members.</summary>
    None = 0,

    /// <summary>Only add new members; never update an existing score (NX).</summary>
    IfNotExists = 1,

    /// <summary>Only update existing members; never add (XX).</summary>
    IfExists = 2,

    /// <summary>Update an existing member only when the new score is greater (GT); new members are still added unless <see cref="IfExists"/>.</summary>
    GreaterThan = 4,

    /// <summary>Update an existing member only when the new score is less (LT); new members are still added unless <see cref="IfExists"/>.</summary>
    LessThan = 8,

    /// <summary>Count changed members (added or with a new score) instead of added ones (CH).</summary>
    CountChanged = 16,
}
