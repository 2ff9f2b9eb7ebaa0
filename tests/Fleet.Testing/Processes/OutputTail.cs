namespace Fleet.Testing.Processes;

/// <summary>The last lines a child process wrote, kept for error messages; safe to add from any thread.</summary>
internal sealed class OutputTail
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;

    /// <summary>Keeps at most <paramref name="capacity"/> lines.</summary>
    public OutputTail(int capacity) => _capacity = capacity;

    /// <summary>Appends a line, dropping the oldest once full.</summary>
    public void Add(string line)
    {
        lock (_lock)
        {
            if (_lines.Count == _capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        lock (_lock)
        {
            return string.Join('\n', _lines);
        }
    }
}
