using System.Globalization;

namespace Fleet.Chaos.Tests;

/// <summary>One consumer process: its slot's consumer name, its own run id, how often its connection failed, whether it was killed.</summary>
internal sealed class ConsumerRun
{
    private int _epochs;

    public ConsumerRun(string instance, string run)
    {
        Instance = instance;
        Run = run;
    }

    public string Instance { get; }

    public string Run { get; }

    public ChaosProcess Process { get; set; } = null!;

    /// <summary>The last epoch the consumer reported: effects after its N-th connection loss are in epoch N.</summary>
    public int FinalEpoch => Volatile.Read(ref _epochs);

    /// <summary>Whether the test killed it with SIGKILL (so its last epoch ended in a kill).</summary>
    public bool Killed { get; set; }

    /// <summary>The exit code after SIGTERM at the end; null for killed runs.</summary>
    public int? TerminatedWith { get; set; }

    public void OnLine(string line)
    {
        var words = line.Split(' ');
        if (words[0] == ChaosProtocol.Epoch)
        {
            var epoch = int.Parse(words[1], CultureInfo.InvariantCulture);
            int current;
            do
            {
                current = Volatile.Read(ref _epochs);
            }
            while (epoch > current && Interlocked.CompareExchange(ref _epochs, epoch, current) != current);
        }
    }

    /// <summary>Whether effects of <paramref name="epoch"/> may be repeated by a later run: a kill ended that epoch.</summary>
    public bool EndedByKill(int epoch) => Killed || epoch < FinalEpoch;

    public override string ToString() => $"consumer {Instance} (run {Run})";
}
