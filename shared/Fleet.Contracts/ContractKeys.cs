using System.Globalization;
using Fleet.Events;

namespace Fleet.Contracts;

/// <summary>
/// The Redis keys the services share besides the streams (docs/event-catalogue.md, "Keys"), built on the
/// configured prefix. Keys that belong to one stream's state carry its hash tag, so a handler can stage writes to
/// them; a file's vectors share the file id's hash tag.
/// </summary>
public sealed class ContractKeys(StreamKeys keys)
{
    /// <summary>The hash of a file's chunk texts, <c>fleet:{ai.events}:chunks:{fileId}</c> (field = chunk index).</summary>
    public string Chunks(string fileId) => string.Concat(keys.Stream(FleetStreams.Ai), ":chunks:", fileId);

    /// <summary>The vector hash of one chunk, <c>fleet:vector:{fileId}:{index}</c>, in the layout a RediSearch index reads.</summary>
    public string Vector(string fileId, int index) =>
        string.Concat(keys.Prefix, "vector:{", fileId, "}:", index.ToString(CultureInfo.InvariantCulture));

    /// <summary>The prefix of every vector hash, <c>fleet:vector:</c> (the <c>PREFIX</c> of <c>FT.CREATE</c>).</summary>
    public string VectorPrefix => keys.Prefix + "vector:";

    /// <summary>The set of one user's vector keys, <c>fleet:vectors:user:{userId}</c>.</summary>
    public string UserVectors(string userId) => string.Concat(keys.Prefix, "vectors:user:", userId);

    /// <summary>The name of a user's notification preferences under user.events' state, <c>preferences:{userId}</c>.</summary>
    public static string PreferencesName(string userId) => "preferences:" + userId;

    /// <summary>A user's notification preferences, <c>fleet:{user.events}:state:preferences:{userId}</c> (a hash).</summary>
    public string Preferences(string userId) => string.Concat(keys.Stream(FleetStreams.User), ":state:", PreferencesName(userId));

    /// <summary>The name of a user's tier under user.events' state, <c>tier:{userId}</c>.</summary>
    public static string TierName(string userId) => "tier:" + userId;

    /// <summary>A user's tier, <c>fleet:{user.events}:state:tier:{userId}</c> (a string).</summary>
    public string Tier(string userId) => string.Concat(keys.Stream(FleetStreams.User), ":state:", TierName(userId));

    /// <summary>The analysis state of one symbol, <c>fleet:{market.events}:state:symbol:{symbol}</c> (a hash).</summary>
    public string MarketState(string symbol) => string.Concat(keys.Stream(FleetStreams.Market), ":state:symbol:", symbol);

    /// <summary>The price alerts users hold on one symbol, <c>fleet:{market.events}:state:alerts:{symbol}</c> (a hash).</summary>
    public string PriceAlerts(string symbol) => string.Concat(keys.Stream(FleetStreams.Market), ":state:alerts:", symbol);

    /// <summary>Where the market collector resumes its feed, <c>fleet:{market.events}:collector:checkpoint</c> (written under the lease's fence).</summary>
    public string CollectorCheckpoint => keys.Stream(FleetStreams.Market) + ":collector:checkpoint";

    /// <summary>The Pub/Sub channel of a symbol's prices, <c>price.updated.{symbol}</c> (seed 002's name, without the key prefix).</summary>
    public static string PriceChannel(string symbol) => "price.updated." + symbol;

    /// <summary>The alerts the evaluator has raised and not yet resolved, <c>fleet:{system.events}:state:alerts</c> (a hash).</summary>
    public string SystemAlerts => keys.Stream(FleetStreams.System) + ":state:alerts";
}
