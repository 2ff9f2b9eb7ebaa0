using Fleet.Contracts;
using Fleet.Demo.Following;
using Fleet.Events;

namespace Fleet.Demo.Market;

/// <summary>
/// What the follower read of the market and of the fleet's operations, for the steps to wait on: ticks per symbol and
/// the fencing tokens they carry (market.events), trends and anomalies, price alert notifications and their deliveries
/// (notification.events, topic <c>market.price_alert</c>), and the reaper's events on system.events. Ticks are counted,
/// never printed one by one (there are thousands).
/// </summary>
internal sealed class MarketWatch
{
    /// <summary>The topic analysis gives a price alert's <c>notification.requested</c>.</summary>
    public const string PriceAlertTopic = "market.price_alert";

    private static readonly FleetContractsJsonContext Json = FleetContractsJsonContext.Default;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SymbolTicks> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _ticksByToken = [];
    private readonly List<SeenEvent<MarketTrendDetected>> _trends = [];
    private readonly List<SeenEvent<MarketAnomalyDetected>> _anomalies = [];
    private readonly List<SeenEvent<NotificationRequested>> _alertNotifications = [];
    private readonly List<SeenEvent<NotificationDelivered>> _deliveries = [];
    private readonly List<SeenEvent<DeadLetterRedriven>> _redriven = [];
    private readonly List<SeenEvent<DeadLetterParked>> _parked = [];
    private readonly List<SeenEvent<SystemAlertRaised>> _raised = [];
    private readonly List<SeenEvent<SystemAlertResolved>> _resolved = [];

    /// <summary>Hands every new entry's event to the watch (called by the follower's thread).</summary>
    public void Observe(EventEnvelope envelope)
    {
        lock (_gate)
        {
            switch (envelope.Type)
            {
                case "market.data.collected" when EventObserver.Read(envelope, Json.MarketDataCollected) is { } tick:
                    Tick(tick);
                    break;
                case "market.trend.detected" when EventObserver.Read(envelope, Json.MarketTrendDetected) is { } trend:
                    _trends.Add(Seen(envelope, trend));
                    break;
                case "market.anomaly.detected" when EventObserver.Read(envelope, Json.MarketAnomalyDetected) is { } anomaly:
                    _anomalies.Add(Seen(envelope, anomaly));
                    break;
                case "notification.requested" when EventObserver.Read(envelope, Json.NotificationRequested) is { Topic: PriceAlertTopic } request:
                    _alertNotifications.Add(Seen(envelope, request));
                    break;
                case "notification.delivered" when EventObserver.Read(envelope, Json.NotificationDelivered) is { } delivered:
                    _deliveries.Add(Seen(envelope, delivered));
                    break;
                case "system.dead_letter.redriven" when EventObserver.Read(envelope, Json.DeadLetterRedriven) is { } redriven:
                    _redriven.Add(Seen(envelope, redriven));
                    break;
                case "system.dead_letter.parked" when EventObserver.Read(envelope, Json.DeadLetterParked) is { } parked:
                    _parked.Add(Seen(envelope, parked));
                    break;
                case "system.alert.raised" when EventObserver.Read(envelope, Json.SystemAlertRaised) is { } raised:
                    _raised.Add(Seen(envelope, raised));
                    break;
                case "system.alert.resolved" when EventObserver.Read(envelope, Json.SystemAlertResolved) is { } resolved:
                    _resolved.Add(Seen(envelope, resolved));
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>A copy of each symbol's tick figures.</summary>
    public IReadOnlyList<SymbolTicks> Symbols()
    {
        lock (_gate)
        {
            return [.. _symbols.Values.OrderBy(s => s.Symbol, StringComparer.Ordinal).Select(Copy)];
        }
    }

    /// <summary>Ticks seen per fencing token (one token per collector term).</summary>
    public IReadOnlyDictionary<long, int> TicksByToken()
    {
        lock (_gate)
        {
            return new Dictionary<long, int>(_ticksByToken);
        }
    }

    public IReadOnlyList<SeenEvent<MarketTrendDetected>> Trends => Snapshot(_trends);

    public IReadOnlyList<SeenEvent<MarketAnomalyDetected>> Anomalies => Snapshot(_anomalies);

    public IReadOnlyList<SeenEvent<NotificationRequested>> AlertNotifications => Snapshot(_alertNotifications);

    public IReadOnlyList<SeenEvent<NotificationDelivered>> Deliveries => Snapshot(_deliveries);

    public IReadOnlyList<SeenEvent<DeadLetterRedriven>> Redriven => Snapshot(_redriven);

    public IReadOnlyList<SeenEvent<DeadLetterParked>> Parked => Snapshot(_parked);

    public IReadOnlyList<SeenEvent<SystemAlertRaised>> Raised => Snapshot(_raised);

    public IReadOnlyList<SeenEvent<SystemAlertResolved>> Resolved => Snapshot(_resolved);

    private void Tick(MarketDataCollected tick)
    {
        if (!_symbols.TryGetValue(tick.Symbol, out var symbol))
        {
            _symbols[tick.Symbol] = symbol = new SymbolTicks(tick.Symbol) { FirstPrice = tick.Price };
        }

        symbol.Count++;
        if (tick.Sequence >= symbol.LastSequence)
        {
            // A failover may publish a tick again; the latest position in the feed is the highest sequence.
            symbol.LastSequence = tick.Sequence;
            symbol.LastPrice = tick.Price;
            symbol.LastTime = tick.Time;
        }

        symbol.Low = Math.Min(symbol.Low, tick.Price);
        symbol.High = Math.Max(symbol.High, tick.Price);
        _ticksByToken[tick.FencingToken] = _ticksByToken.GetValueOrDefault(tick.FencingToken) + 1;
    }

    private static SymbolTicks Copy(SymbolTicks s) => new(s.Symbol)
    {
        Count = s.Count,
        FirstPrice = s.FirstPrice,
        LastPrice = s.LastPrice,
        LastTime = s.LastTime,
        LastSequence = s.LastSequence,
        Low = s.Low,
        High = s.High,
    };

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }

    private static SeenEvent<T> Seen<T>(EventEnvelope envelope, T data) =>
        new(envelope.Id.ToString(), envelope.CausationId?.ToString() ?? string.Empty, envelope.Timestamp, data);
}
