namespace Fleet.Events.Consumers;

/// <summary>A consumer group as registered at start-up: its stream, name, options and handlers.</summary>
internal sealed class ConsumerGroupDefinition(string stream, string group)
{
    public string Stream { get; } = stream;

    public string Group { get; } = group;

    public ConsumerGroupOptions Options { get; } = new();

    public List<HandlerRegistration> Handlers { get; } = [];
}
