namespace Fleet.Events.Consumers;

/// <summary>A group's handler of one event type, resolved once at start: its registration and its type's descriptor.</summary>
internal sealed class GroupHandler
{
    public GroupHandler(HandlerRegistration registration, EventTypeDescriptor descriptor)
    {
        Registration = registration;
        Descriptor = descriptor;
    }

    public HandlerRegistration Registration { get; }

    public EventTypeDescriptor Descriptor { get; }

    /// <summary>The event type name on the wire.</summary>
    public string TypeName => Descriptor.Name;
}
