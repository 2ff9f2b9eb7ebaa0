namespace Fleet.EmbeddingGenerator.Lanes;

/// <summary>One slot of the <see cref="PriorityGate"/>; disposing it gives the slot to the next waiter. Dispose once.</summary>
internal sealed class GateLease(PriorityGate gate) : IDisposable
{
    private PriorityGate? _gate = gate;

    public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
}
