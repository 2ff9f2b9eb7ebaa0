namespace Fleet.Events;

/// <summary>One broken rule of an event's data.</summary>
/// <param name="Member">
/// The member's path from the data's record, by the records' property names: <c>Symbol</c>, <c>Selection.Limit</c>,
/// <c>Items[2].Name</c>, <c>Prices[ACME].Value</c>; empty for a rule of the whole record.
/// </param>
/// <param name="Message">What is wrong, naming the member's path.</param>
public sealed record EventValidationFailure(string Member, string Message);
