using System.Globalization;
using Fleet.Contracts;
using Fleet.Events;

namespace Fleet.EmbeddingGenerator.Lanes;

/// <summary>The three lane streams of ADR 0007 and how their consumer groups are set up.</summary>
internal static class EmbeddingLanes
{
    /// <summary>The lane of the stream a request arrived on (the stream decides, not the request's Priority field).</summary>
    public static Priority Of(string stream) => stream switch
    {
        FleetStreams.AiHigh => Priority.High,
        FleetStreams.AiLow => Priority.Low,
        _ => Priority.Normal,
    };

    /// <summary>
    /// The options of each lane's group: as many handlers and entries in hand as the gate has slots, so at most that many
    /// requests per lane wait in this process and the rest stays in Redis for any replica; the processing timeout covers
    /// the wait for the gate. Read from configuration when the groups are registered; a value that does not parse leaves
    /// the default here and is reported by the options validation at start.
    /// </summary>
    public static Action<ConsumerGroupOptions> GroupOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(EmbeddingGeneratorOptions.Section);
        var defaults = new EmbeddingGeneratorOptions();
        var concurrency = int.TryParse(section[nameof(EmbeddingGeneratorOptions.Concurrency)], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c >= 1
            ? c
            : defaults.Concurrency;
        var timeout = TimeSpan.TryParse(section[nameof(EmbeddingGeneratorOptions.ProcessingTimeout)], CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero
            ? t
            : defaults.ProcessingTimeout;
        return options =>
        {
            options.Concurrency = concurrency;
            options.Prefetch = concurrency;
            options.ProcessingTimeout = timeout;
        };
    }
}
