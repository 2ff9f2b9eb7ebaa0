namespace Fleet.EventGateway.Api.Publishing;

/// <summary>
/// Broken rules by field, as RFC 9457 validation problem details list them (<c>errors</c>: field → messages). Fields of a
/// batch's events are prefixed with their position (<c>events[2].data</c>).
/// </summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public int Count => _errors.Values.Sum(messages => messages.Count);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
