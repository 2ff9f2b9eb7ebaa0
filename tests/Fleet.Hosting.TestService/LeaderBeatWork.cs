using Fleet.Events;
using Microsoft.Extensions.Options;

namespace Fleet.Hosting.TestService;

/// <summary>
/// The leader's work in leader mode: a fenced <see cref="LeaderBeat"/> every interval. It does not check
/// <see cref="Leadership.IsHeld"/> before publishing, so the tests see the fence itself refuse a deposed leader.
/// </summary>
internal sealed partial class LeaderBeatWork(IEventPublisher publisher, IOptions<LeaderBeatOptions> options, IOptions<FleetEventsOptions> events, TimeProvider time, ILogger<LeaderBeatWork> logger)
    : ILeaderWork
{
    public async Task RunAsync(Leadership leadership, CancellationToken cancellationToken)
    {
        var instance = events.Value.InstanceName;
        var fenced = new PublishOptions { Fence = leadership.Fence };
        for (var sequence = 1L; !cancellationToken.IsCancellationRequested; sequence++)
        {
            try
            {
                await publisher.PublishAsync(LeaderBeat.Stream, new LeaderBeat(instance, leadership.FencingToken, sequence), fenced, cancellationToken);
            }
            catch (LeadershipLostException e)
            {
                BeatRefused(logger, leadership.FencingToken, e.Message);
                return;
            }
            catch (FleetEventsException e)
            {
                // Redis unreachable: the lease's deadline decides when to stop, not one failed beat.
                BeatFailed(logger, leadership.FencingToken, e.Message);
            }

            await Task.Delay(options.Value.Interval, time, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Beat refused (fencing token {FencingToken}): {Reason}")]
    private static partial void BeatRefused(ILogger logger, long fencingToken, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Beat failed (fencing token {FencingToken}): {Reason}")]
    private static partial void BeatFailed(ILogger logger, long fencingToken, string reason);
}
