using Fleet.Contracts;
using Fleet.EmbeddingGenerator.Lanes;

namespace Fleet.EmbeddingGenerator.Tests.Lanes;

/// <summary>The lane scheduler's order and its no-starvation bound, over every state it can reach.</summary>
public sealed class WeightedRoundRobinTests
{
    [Fact]
    public void Next_AllLanesWaiting_Gives8High3Normal1LowInEvery12HighFirst()
    {
        var scheduler = new WeightedRoundRobin(8, 3, 1);

        for (var round = 0; round < 5; round++)
        {
            var picks = Enumerable.Range(0, 12).Select(_ => scheduler.Next(true, true, true)!.Value).ToList();

            Assert.Equal(Priority.High, picks[0]);
            Assert.Equal(8, picks.Count(p => p == Priority.High));
            Assert.Equal(3, picks.Count(p => p == Priority.Normal));
            Assert.Equal(1, picks.Count(p => p == Priority.Low));
        }
    }

    [Fact]
    public void Next_OnlyOneLaneWaiting_ChoosesIt()
    {
        var scheduler = new WeightedRoundRobin(8, 3, 1);

        Assert.Equal(Priority.Low, scheduler.Next(false, false, true));
        Assert.Equal(Priority.Normal, scheduler.Next(false, true, false));
        Assert.Null(scheduler.Next(false, false, false));
    }

    [Fact]
    public void Next_HighAndLowWaiting_GivesLowOneIn9()
    {
        var scheduler = new WeightedRoundRobin(8, 3, 1);

        var picks = Enumerable.Range(0, 9 * 4).Select(_ => scheduler.Next(true, false, true)!.Value).ToList();

        Assert.Equal(4, picks.Count(p => p == Priority.Low));
    }

    [Theory]
    [InlineData(8, 3, 1, 17, 7, 3)]
    [InlineData(4, 2, 1, 9, 5, 3)]
    [InlineData(1, 1, 1, 4, 3, 4)]
    public void Next_AnyArrivalsFromAnyReachableState_ServesEveryWaitingLaneWithinItsBound(int high, int normal, int low, int lowBound, int normalBound, int highBound)
    {
        // Every state the credits can reach from the start under every pattern of waiting lanes, then the longest run of
        // decisions an adversary (choosing which other lanes wait each time) can make a waiting lane sit through.
        var states = Reachable(high, normal, low);

        Assert.Equal(lowBound, states.Max(s => LongestWait(s, Priority.Low, high, normal, low)));
        Assert.Equal(normalBound, states.Max(s => LongestWait(s, Priority.Normal, high, normal, low)));
        Assert.Equal(highBound, states.Max(s => LongestWait(s, Priority.High, high, normal, low)));
    }

    private static readonly bool[][] Patterns =
        [.. Enumerable.Range(1, 7).Select(m => new[] { (m & 1) != 0, (m & 2) != 0, (m & 4) != 0 })];

    private static HashSet<(long, long, long)> Reachable(int high, int normal, int low)
    {
        var seen = new HashSet<(long, long, long)> { (0, 0, 0) };
        var frontier = new Queue<(long, long, long)>(seen);
        while (frontier.TryDequeue(out var state))
        {
            foreach (var pattern in Patterns)
            {
                var scheduler = new WeightedRoundRobin(high, normal, low) { Credits = state };
                scheduler.Next(pattern[0], pattern[1], pattern[2]);
                if (seen.Add(scheduler.Credits))
                {
                    Assert.True(seen.Count < 100_000, "the credits stay bounded");
                    frontier.Enqueue(scheduler.Credits);
                }
            }
        }

        return seen;
    }

    private static int LongestWait((long, long, long) state, Priority lane, int high, int normal, int low)
    {
        var memo = new Dictionary<(long, long, long), int>();
        var path = new HashSet<(long, long, long)>();
        return Longest(state);

        int Longest((long, long, long) from)
        {
            if (memo.TryGetValue(from, out var known))
            {
                return known;
            }

            // Coming back to a state on the current path without choosing the lane is a cycle: starvation.
            Assert.True(path.Add(from), $"{lane} can wait forever");
            var longest = 0;
            foreach (var pattern in Patterns.Where(p => p[WeightedRoundRobin.IndexOf(lane)]))
            {
                var scheduler = new WeightedRoundRobin(high, normal, low) { Credits = from };
                var chosen = scheduler.Next(pattern[0], pattern[1], pattern[2]);
                longest = Math.Max(longest, chosen == lane ? 1 : 1 + Longest(scheduler.Credits));
            }

            path.Remove(from);
            memo[from] = longest;
            return longest;
        }
    }
}
