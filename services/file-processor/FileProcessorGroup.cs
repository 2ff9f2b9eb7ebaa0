using Fleet.Events;

namespace Fleet.FileProcessor;

/// <summary>
/// The consumer group options of <c>file-processor</c> on contextual.events, from <see cref="FileProcessorOptions"/>.
/// A consumer group is configured when it is registered, before the options are validated at start, so the section is
/// read here leniently: a value that does not parse or is out of range leaves the group's default, and the start's
/// validation then stops the process with a message naming the option.
/// </summary>
internal static class FileProcessorGroup
{
    /// <summary>The group's name on both streams it reads.</summary>
    public const string Name = "file-processor";

    public static Action<ConsumerGroupOptions> Options(IConfiguration configuration)
    {
        var settings = new FileProcessorOptions();
        try
        {
            configuration.GetSection(FileProcessorOptions.Section).Bind(settings);
        }
        catch (InvalidOperationException)
        {
            settings = new FileProcessorOptions();
        }

        return group => Apply(settings, group);
    }

    public static void Apply(FileProcessorOptions settings, ConsumerGroupOptions group)
    {
        // A redelivered upload whose handler already succeeded (a lost XACK, a claim after a slow handler) is skipped.
        group.IdempotencyGuard = true;

        // One attempt per delivery. An attempt is a whole file's work plus an embedding round trip, and its usual
        // transient failure is an embedding timeout, which an immediate in-process retry would repeat while adding a
        // second request to a saturated lane; a failed attempt is delivered again by a claim after ProcessingTimeout.
        group.RetryAttempts = 0;
        if (settings.Concurrency is >= 1 and <= 256)
        {
            group.Concurrency = settings.Concurrency;

            // Take no more uploads than can run: the rest stay in the stream for other replicas, so work spreads over
            // them, and no upload waits in hand behind slow ones until its processing timeout has passed.
            group.Prefetch = settings.Concurrency;
        }

        if (settings.MaxDeliveries is >= 1 and <= 100)
        {
            group.MaxDeliveries = settings.MaxDeliveries;
        }

        if (settings.ProcessingTimeout > TimeSpan.Zero)
        {
            group.ProcessingTimeout = settings.ProcessingTimeout;
        }
    }
}
