using Fleet.Events;

namespace Fleet.Hosting.TestService;

/// <summary>Logs each ping: the record the test reads to check the log format and its trace id.</summary>
internal sealed partial class PingedHandler(ILogger<PingedHandler> logger) : IEventHandler<Pinged>
{
    public ValueTask HandleAsync(EventContext<Pinged> context, CancellationToken cancellationToken)
    {
        Handled(logger, context.Data.Text);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Handled ping {Text}")]
    private static partial void Handled(ILogger logger, string text);
}
