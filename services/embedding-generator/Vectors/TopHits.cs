namespace Fleet.EmbeddingGenerator.Vectors;

/// <summary>Keeps the <c>k</c> best-scoring candidates of a scan in a min-heap: O(n log k), k items held.</summary>
internal sealed class TopHits(int k)
{
    private readonly PriorityQueue<SearchCandidate, float> _heap = new(k + 1);

    public void Offer(SearchCandidate candidate, float score)
    {
        if (_heap.Count < k)
        {
            _heap.Enqueue(candidate, score);
        }
        else if (_heap.TryPeek(out _, out var worst) && score > worst)
        {
            _heap.EnqueueDequeue(candidate, score);
        }
    }

    /// <summary>The kept candidates, best first.</summary>
    public List<(SearchCandidate Candidate, float Score)> BestFirst()
    {
        var items = _heap.UnorderedItems.Select(i => (i.Element, i.Priority)).ToList();
        items.Sort((a, b) => b.Priority.CompareTo(a.Priority));
        return items;
    }
}
