namespace Fleet.FileProcessor.Tests.Samples;

/// <summary>The prose of the generated sample files (samples/files/): real English on distinct topics, so a search can tell them apart.</summary>
internal static class SampleTexts
{
    public const string ReportTitle = "Redis Streams consumer groups in practice";

    /// <summary>report.pdf: Redis Streams consumer groups. ASCII only (the standard 14 PDF fonts are WinAnsi).</summary>
    public static readonly string[] Report =
    [
        "A Redis stream is an append-only log of entries, each with an id made of a millisecond timestamp and a sequence number. Producers add entries with XADD, and the stream keeps them in order until a retention policy trims the oldest ones with MAXLEN or MINID. Unlike a list, reading a stream does not remove anything, so many independent readers can follow the same log at their own pace.",
        "A consumer group turns a stream into a work queue. The group remembers the last entry it delivered, and each XREADGROUP call with the special id > hands new entries to exactly one consumer of the group. Several processes in one group therefore share the work of a stream, and adding a replica adds throughput without any coordination between the replicas themselves.",
        "Every entry delivered to a consumer enters the pending entries list of the group until the consumer acknowledges it with XACK. The pending list records which consumer holds the entry, when it was delivered, and how many times it has been delivered. This is what makes the delivery at-least-once: an entry whose consumer crashed before acknowledging it stays pending and is not lost.",
        "Recovering those entries is the job of XAUTOCLAIM. A live consumer periodically claims entries that have been idle in the pending list for longer than a processing timeout, which transfers ownership to itself and increments the delivery count. Choosing the timeout is a trade-off: too short and slow but healthy handlers have their work stolen, too long and a crash delays the work by that much.",
        "Because an entry can be delivered more than once, handlers must be idempotent. The usual techniques are to overwrite state by key instead of incrementing it, to record the ids of events already handled, and to commit state changes in the same Lua script that acknowledges the entry. A poison entry that fails on every delivery is moved to a dead-letter stream after a maximum number of deliveries, so it cannot block the group forever.",
        "Monitoring a consumer group comes down to a few numbers: the length of the stream, the lag of the group behind the last entry, the size of the pending list and the depth of the dead-letter stream. XINFO GROUPS reports the lag directly since Redis 7, and a lag that keeps growing is the first sign that the consumers need another replica.",
    ];

    public const string DesignTitle = "Quarterly sales review: third quarter";

    /// <summary>design.docx: quarterly sales.</summary>
    public static readonly string[] Design =
    [
        "Revenue in the third quarter reached 4.2 million euros, an increase of eleven per cent over the same quarter last year and three per cent over the second quarter. Growth came mainly from the subscription plans, while one-off licence sales declined as expected after the price change in the spring.",
        "The northern region remained the largest contributor with 1.6 million euros, driven by two large renewals in the logistics sector. The southern region grew fastest, at nineteen per cent, after the new partner network started to deliver its first enterprise contracts. The eastern region missed its target by eight per cent because two deals slipped into October.",
        "Average deal size rose to 38,000 euros, and the sales cycle for new customers shortened from ninety-four to eighty-one days. The conversion rate from qualified lead to closed deal improved to twenty-three per cent, helped by the product demonstrations the pre-sales team introduced in July.",
        "Customer churn stayed low at 1.8 per cent of recurring revenue per quarter. Most cancellations came from small customers on the monthly plan; none of the top fifty accounts left. Net revenue retention, which counts upgrades as well as losses, reached 112 per cent.",
        "For the fourth quarter the team forecasts revenue between 4.5 and 4.7 million euros. The main risks are the slipped deals in the east and longer approval times in the public sector at year end. The plan is to hire two account executives for the southern region and to run a renewal campaign for customers whose contracts end in the first quarter of next year.",
    ];

    /// <summary>utf16.txt (UTF-16 little endian with a byte-order mark): learning to sail, with characters beyond ASCII.</summary>
    public const string Sailing = """
        Learning to sail on a small dinghy

        Most sailing schools start beginners on a small dinghy rather than a yacht, and for good reason: a dinghy answers every mistake at once. Pull the mainsheet too hard and she heels; let it go and she stops. Within an hour you feel the wind in the tiller in a way no classroom can teach. The French call it « le sens marin », the sailor's feel, and it is learned only on the water.

        The first thing to understand is the points of sail. A boat cannot sail straight into the wind; it can sail about forty-five degrees either side of it, close-hauled, with the sails pulled in tight. Turning further away from the wind, the boat is on a beam reach, then a broad reach, and finally running with the wind behind it. The fastest point of sail for most dinghies is the beam reach, not the run, which surprises almost everyone.

        Tacking — turning the bow through the wind — and gybing — turning the stern through it — are the two ways to change direction. A tack is gentle: the sail flaps for a moment and fills on the other side. A gybe in a strong breeze is not: the boom swings across the boat with real force, so the helmsman calls "gybe-ho" and everyone keeps their head low.

        Capsizing is part of learning, and a good instructor will make you do it on purpose on a warm day. The drill is simple: swim round to the centreboard, climb onto it, lean back, and the boat comes upright. Afterwards the water seems far less frightening, and you start to push the boat harder, which is how you get better.

        Weather matters more than anything else. Check the forecast before you launch, look at the water for the dark patches that mean gusts, and come ashore before the wind gets up, not after. On the Bodensee, where I learned, the afternoon Föhn could turn a calm lake into whitecaps in twenty minutes.
        """;
}
