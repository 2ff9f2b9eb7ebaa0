using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.EndToEnd.Tests.Alerts;

/// <summary>
/// A group of the test's own on ai.events falls behind by more than <c>Alerts__ConsumerLag</c> entries, stays behind for
/// more evaluations, then catches up: dead-letter-reaper's evaluator raises <c>consumer_lag</c> once and resolves it
/// once. That more evaluations ran while it lagged, and after it caught up, is shown by other groups the test lets fall
/// behind afterwards (their alerts come from later evaluations), not by waiting.
/// </summary>
[Collection(SharedOperations.Name)]
public sealed class ConsumerLagAlertIntegrationTests(OperationsFixture fleet)
{
    private const string Stream = FleetStreams.Ai;
    private const int Behind = OperationsFixture.ConsumerLag + 20;

    [Fact]
    public async Task GroupFallsBehindThenCatchesUp_LagAlertRaisedOnceAndResolvedOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var redis = fleet.Bus.Client;
        var key = fleet.Bus.Keys.Stream(Stream);
        var group = Users.New("lag");
        var alertKey = AlertKey(group);
        await redis.XGroupCreateAsync(key, group, StreamPosition.Latest, makeStream: true, cancellationToken: cancellationToken);
        try
        {
            var added = await redis.XAddBatchAsync(key, [.. Enumerable.Range(0, Behind).Select(i => (IReadOnlyList<StreamField>)[new StreamField("e2e", i)])], cancellationToken: cancellationToken);
            Assert.Equal(Behind, added.Length);

            var raised = Assert.Single(await Eventually.UntilAsync(
                () => RaisedAsync(alertKey),
                found => found.Count > 0,
                $"system.alert.raised for {alertKey}",
                OperationsFixture.WorkLimit));
            Assert.Equal(("consumer_lag", Stream + "/" + group, (double)OperationsFixture.ConsumerLag), (raised.Rule, raised.Subject, raised.Threshold));
            Assert.True(raised.Value >= Behind, $"Raised at lag {raised.Value}, fewer than the {Behind} entries the group has not read.");

            await AlertWitnessedAsync("lagging");
            Assert.Single(await RaisedAsync(alertKey));
            Assert.Empty(await ResolvedAsync(alertKey));

            // The group catches up: it reads and acknowledges everything.
            var read = await redis.XReadGroupAsync(group, "catch-up", key, count: Behind * 2, cancellationToken: cancellationToken);
            Assert.Equal(Behind, read.Count);
            await redis.XAckAsync(key, group, [.. read.Select(e => e.Id)], cancellationToken);

            var resolved = Assert.Single(await Eventually.UntilAsync(
                () => ResolvedAsync(alertKey),
                found => found.Count > 0,
                $"system.alert.resolved for {alertKey}",
                OperationsFixture.WorkLimit));
            Assert.Equal(("consumer_lag", 0d), (resolved.Rule, resolved.Value));

            await AlertWitnessedAsync("caught-up");
            Assert.Single(await RaisedAsync(alertKey));
            Assert.Single(await ResolvedAsync(alertKey));
        }
        finally
        {
            await redis.XGroupDestroyAsync(key, group, cancellationToken);
        }

        await fleet.QuietAsync();
    }

    private static string AlertKey(string group) => $"consumer_lag:{Stream}/{group}";

    /// <summary>
    /// Lets a new group fall behind by every entry of the stream and waits for its alert: the evaluation that raised it
    /// ran after this call began. Then removes the group again (its alert resolves on its own).
    /// </summary>
    private async Task AlertWitnessedAsync(string purpose)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = fleet.Bus.Keys.Stream(Stream);
        var witness = Users.New("witness-" + purpose);
        await fleet.Bus.Client.XGroupCreateAsync(key, witness, StreamPosition.Beginning, cancellationToken: cancellationToken);
        await Eventually.UntilAsync(
            () => RaisedAsync(AlertKey(witness)),
            found => found.Count > 0,
            $"a later evaluation raises the lag alert of {witness}",
            OperationsFixture.WorkLimit);
        await fleet.Bus.Client.XGroupDestroyAsync(key, witness, cancellationToken);
    }

    private async Task<IReadOnlyList<SystemAlertRaised>> RaisedAsync(string alertKey) =>
        [.. (await fleet.State.EventsAsync<SystemAlertRaised>(FleetStreams.System)).Select(e => e.Data).Where(a => a.AlertKey == alertKey)];

    private async Task<IReadOnlyList<SystemAlertResolved>> ResolvedAsync(string alertKey) =>
        [.. (await fleet.State.EventsAsync<SystemAlertResolved>(FleetStreams.System)).Select(e => e.Data).Where(a => a.AlertKey == alertKey)];
}
