using Fleet.Events;

namespace Fleet.EventGateway.Api.Publishing;

/// <summary>
/// An event of a request that passed every rule: its registered type, the version its data is at, the data as JSON (the
/// validated record serialized by its contract, so nothing the contract does not know reaches Redis), its stream and
/// envelope options. Published through <see cref="IJsonEventPublisher"/>, which neither validates nor serializes again.
/// </summary>
internal sealed record ValidatedEvent(EventTypeDescriptor Descriptor, int Version, byte[] Data, string Stream, PublishOptions Options)
{
    /// <summary>The event type's name.</summary>
    public string Type => Descriptor.Name;
}
