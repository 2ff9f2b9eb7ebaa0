using System.Globalization;

namespace Fleet.Chaos.Tests;

/// <summary>
/// The size of a chaos run: the short form by default (`make test`, well under 2 minutes), the long form when
/// <c>CHAOS_FORM=long</c> (`make chaos`); each figure can be overridden by its own <c>CHAOS_*</c> variable.
/// </summary>
internal sealed record ChaosSettings
{
    public static readonly ChaosSettings Short = new()
    {
        Events = 3_000,
        Rate = 200,
        KillInterval = TimeSpan.FromSeconds(2),
        Hostile = 33,
        ValidRaw = 20,
        DrainTimeout = TimeSpan.FromSeconds(90),
    };

    public static readonly ChaosSettings Long = new()
    {
        Events = 100_000,
        Rate = 0,
        KillInterval = TimeSpan.FromSeconds(3),
        Hostile = 2_000,
        ValidRaw = 2_000,
        DrainTimeout = TimeSpan.FromMinutes(10),
    };

    /// <summary>Events the publisher process publishes.</summary>
    public long Events { get; init; }

    /// <summary>Publishes per second, 0 for as fast as it goes (the long form measures full speed).</summary>
    public long Rate { get; init; }

    /// <summary>Consumer processes in the group.</summary>
    public int Consumers { get; init; } = 3;

    /// <summary>Time between two consumer SIGKILLs.</summary>
    public TimeSpan KillInterval { get; init; }

    /// <summary>
    /// How far publishing has got (a fraction of <see cref="Events"/>) at each redis-server SIGKILL at the earliest; a
    /// kill also waits until the publisher has been back at full rate for a second after the previous restart.
    /// </summary>
    public IReadOnlyList<double> RedisKillsAt { get; init; } = [0.2, 0.5];

    /// <summary>
    /// How far publishing may get (a fraction of <see cref="Events"/>) while a kill waits for the publisher to be back at
    /// full rate after the previous restart: the kill then happens anyway, still while publishing.
    /// </summary>
    public double RecoveryWaitUntil { get; init; } = 0.8;

    /// <summary>How long redis-server stays down each time.</summary>
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Hostile raw XADDs, cycling through every malformed variant of <see cref="HostileEntries"/>.</summary>
    public int Hostile { get; init; }

    /// <summary>Valid raw XADDs interleaved with the hostile ones.</summary>
    public int ValidRaw { get; init; }

    /// <summary>Failure guard for the group to drain after the last write; never reached by a passing run.</summary>
    public TimeSpan DrainTimeout { get; init; }

    public static ChaosSettings FromEnvironment()
    {
        var form = Environment.GetEnvironmentVariable("CHAOS_FORM");
        var settings = string.Equals(form, "long", StringComparison.OrdinalIgnoreCase) ? Long : Short;
        return settings with
        {
            Events = Number("CHAOS_EVENTS") ?? settings.Events,
            Rate = Number("CHAOS_RATE") ?? settings.Rate,
            Hostile = (int?)Number("CHAOS_HOSTILE") ?? settings.Hostile,
            ValidRaw = (int?)Number("CHAOS_VALID_RAW") ?? settings.ValidRaw,
            KillInterval = Number("CHAOS_KILL_INTERVAL_MS") is { } ms ? TimeSpan.FromMilliseconds(ms) : settings.KillInterval,
        };
    }

    private static long? Number(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : null;
}
