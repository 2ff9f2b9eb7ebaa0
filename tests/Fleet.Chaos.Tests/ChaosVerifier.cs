using System.Globalization;
using System.Text.Json;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Chaos.Tests;

/// <summary>
/// Reads what a finished <see cref="ChaosRun"/> left in Redis and checks issue 7's claims: nothing lost, every
/// acknowledged XADD kept across the restarts, one publisher's events in order, nothing pending, every hostile entry
/// dead-lettered byte for byte with a reason, no double effect a kill does not explain, staged effects exactly once,
/// every consumer exiting 0 on SIGTERM, the publisher's outbox empty.
/// </summary>
internal static partial class ChaosVerifier
{
    public static async Task<ChaosVerdict> VerifyAsync(ChaosRun run)
    {
        var verdict = new ChaosVerdict();
        var settings = run.Settings;
        var expected = Enumerable.Range(1, (int)settings.Events).Select(s => ChaosKeys.Field(ChaosRun.PublisherName, s))
            .Concat(Enumerable.Range(1, settings.ValidRaw).Select(s => ChaosKeys.Field("raw", s)))
            .ToList();
        verdict.Figure($"events {settings.Events} published by one process + {settings.ValidRaw} valid raw XADDs, {run.Hostile.Count} hostile raw XADDs, in {run.Elapsed.TotalSeconds:0} s");
        verdict.Figure($"consumer SIGKILLs {run.Kills} ({run.Runs.Count} consumer processes), redis-server SIGKILL + AOF restarts {run.Restarts.Count}");

        var publisherEntries = await CheckStreamAsync(run, verdict);
        var plain = await CheckEffectsAsync(run, expected, verdict);
        CheckOrphans(run, publisherEntries, plain, verdict);
        await CheckDeadLettersAsync(run, verdict);
        var pending = await run.Redis.XPendingAsync(run.Keys.Stream(ChaosRun.Stream), ChaosRun.Group);
        verdict.Check(pending.Count == 0, $"{pending.Count} entries pending in the group after the consumers stopped (XPENDING).");
        CheckProcesses(run, verdict);
        CheckPublishRate(run, verdict);
        return verdict;
    }

    /// <returns>The stream's entries of the publisher process: entry id to sequence number.</returns>
    private static async Task<Dictionary<RedisStreamId, long>> CheckStreamAsync(ChaosRun run, ChaosVerdict verdict)
    {
        var key = run.Keys.Stream(ChaosRun.Stream);
        var bySeq = new Dictionary<long, string>();
        var byEntry = new Dictionary<RedisStreamId, long>();
        long highest = 0, outOfOrder = 0, replayed = 0, reissued = 0;
        var start = "-";
        while (true)
        {
            var page = await run.Redis.XRangeAsync(key, start, "+", 5_000);
            foreach (var entry in page)
            {
                if (Tick(entry) is not { Publisher: ChaosRun.PublisherName } tick)
                {
                    continue;
                }

                var eventId = entry[EnvelopeFields.Id].ToString();
                byEntry[entry.Id] = tick.Seq;
                if (bySeq.TryGetValue(tick.Seq, out var first))
                {
                    // A record whose XADD reached Redis just before the connection died is replayed from the outbox.
                    replayed++;
                    reissued += first == eventId ? 0 : 1;
                }
                else
                {
                    bySeq[tick.Seq] = eventId;
                    outOfOrder += tick.Seq < highest ? 1 : 0;
                    highest = Math.Max(highest, tick.Seq);
                }
            }

            if (page.Count < 5_000)
            {
                break;
            }

            start = "(" + page[^1].Id;
        }

        var missing = run.Settings.Events - bySeq.Count;
        verdict.Check(missing == 0, $"{missing} of {run.Settings.Events} published events are not in the stream.");
        verdict.Check(outOfOrder == 0, $"{outOfOrder} of the publisher's events are in the stream after a later one (order).");
        verdict.Check(reissued == 0, $"{reissued} events are in the stream twice under different event ids (the guard cannot see those as duplicates).");
        verdict.Figure($"publisher events in the stream {bySeq.Count}, in order: {outOfOrder == 0}, again from the outbox replay (same event id) {replayed}");

        var acks = (await File.ReadAllLinesAsync(run.AcksPath)).Select(l => l.Split(' ')).ToList();
        var lostAcks = acks.Count(a => !byEntry.TryGetValue(RedisStreamId.Parse(a[1]), out var seq) || seq != long.Parse(a[0], CultureInfo.InvariantCulture));
        verdict.Check(lostAcks == 0, $"{lostAcks} of {acks.Count} acknowledged XADDs are not in the stream after the restarts.");
        verdict.Figure($"acknowledged XADDs {acks.Count}, missing after the restarts {lostAcks}");
        return byEntry;
    }

    private static ChaosTick? Tick(StreamEntry entry)
    {
        if (entry[EnvelopeFields.Type].ToString() != ChaosTick.TypeName)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(entry[EnvelopeFields.Data].ToString(), ChaosJsonContext.Default.ChaosTick);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void CheckProcesses(ChaosRun run, ChaosVerdict verdict)
    {
        var stopped = run.Runs.Where(r => !r.Killed).ToList();
        foreach (var consumer in stopped)
        {
            verdict.Check(consumer.TerminatedWith == 0, $"{consumer} exited with {consumer.TerminatedWith?.ToString(CultureInfo.InvariantCulture) ?? "nothing"} on SIGTERM, not 0:\n{consumer.Process.ErrorTail}");
        }

        verdict.Check(run.PublisherExitCode == 0, $"the publisher exited with {run.PublisherExitCode}, not 0.");
        verdict.Check(run.Progress.DrainedAt is not null, "the publisher's outbox was not empty at the end (no 'drained' line).");
        verdict.Check(run.Kills > 0, "no consumer was killed: the run was too short for the kill interval.");
        verdict.Check(
            run.Restarts.Count == run.Settings.RedisKillsAt.Count && run.Restarts.All(r => r.WhilePublishing),
            $"{run.Restarts.Count(r => r.WhilePublishing)} of {run.Settings.RedisKillsAt.Count} Redis restarts happened while publishing.");
        verdict.Figure($"consumers exited 0 on SIGTERM {stopped.Count(r => r.TerminatedWith == 0)} of {stopped.Count}; publisher exit {run.PublisherExitCode}, outbox empty: {run.Progress.DrainedAt is not null}");
    }

    private static void CheckPublishRate(ChaosRun run, ChaosVerdict verdict)
    {
        var ticks = run.Progress.Ticks;
        var final = run.Progress.Final;
        verdict.Figure($"publishes sent directly {final?.Direct}, spooled to the outbox {final?.Spooled}");
        if (run.Restarts.Count == 0)
        {
            return;
        }

        var preRate = PublishRecovery.RateBefore(ticks, run.Restarts[0].KilledAt);
        verdict.Figure($"direct publish rate in the second before the first Redis kill {preRate:0}/s");
        foreach (var (restart, i) in run.Restarts.Select((r, i) => (r, i + 1)))
        {
            // Issue 7 section 1: after Redis returns the publisher hands back from the outbox to direct sends.
            var directAtRestart = ticks.LastOrDefault(t => t.UnixMs <= restart.RestartedAt).Direct;
            var directAfter = ticks.Where(t => t.UnixMs > restart.RestartedAt).Select(t => t.Direct).DefaultIfEmpty(directAtRestart).Max();
            verdict.Check(directAfter > directAtRestart, $"the publisher sent nothing directly after restart {i} (direct count stayed {directAtRestart}): it never left the outbox.");

            var back = PublishRecovery.TimeBack(ticks, restart, preRate, run.Progress.PublishedAt ?? long.MaxValue);
            var before = PublishRecovery.RateBefore(ticks, restart.KilledAt);
            verdict.Figure(back is { } time
                ? $"restart {i}: down {restart.RestartedAt - restart.KilledAt} ms (direct rate before it {before:0}/s); direct sends after it {directAfter - directAtRestart}; back to >= 90 % of {preRate:0}/s {time.TotalSeconds:0.00} s after Redis answered"
                : $"restart {i}: down {restart.RestartedAt - restart.KilledAt} ms (direct rate before it {before:0}/s); direct sends after it {directAfter - directAtRestart}; NOT back to >= 90 % of {preRate:0}/s before publishing ended");
        }
    }

    /// <summary>
    /// A replacement takes its predecessor's consumer name and finishes the entries it left pending (issue 7 section 3):
    /// every publisher entry a killed process left pending was handled by a later process with the same name, unless
    /// another consumer claimed it after the processing timeout.
    /// </summary>
    private static void CheckOrphans(
        ChaosRun run,
        Dictionary<RedisStreamId, long> publisherEntries,
        Dictionary<string, List<(ConsumerRun Run, int Epoch, long Count)>> plain,
        ChaosVerdict verdict)
    {
        // Every orphan was finished: nothing is lost and nothing pending at the end (checked elsewhere). What this adds
        // is who finished it: a replacement with the same name must have finished some, or the name's pending list
        // is not being taken back after a SIGKILL. An orphan finished by neither a replacement nor another consumer
        // was committed by the killed process itself (its last commit reached Redis after XPENDING was read).
        long orphaned = 0, bySuccessor = 0, byOther = 0;
        foreach (var orphans in run.Orphans)
        {
            var start = run.Runs.ToList().IndexOf(orphans.Victim);
            var successors = run.Runs.Skip(start + 1).Where(r => r.Instance == orphans.Victim.Instance).ToHashSet();
            foreach (var id in orphans.Ids)
            {
                if (!publisherEntries.TryGetValue(id, out var seq) || !plain.TryGetValue(ChaosKeys.Field(ChaosRun.PublisherName, seq), out var executions))
                {
                    continue;
                }

                orphaned++;
                if (executions.Any(x => successors.Contains(x.Run)))
                {
                    bySuccessor++;
                }
                else if (executions.Any(x => x.Run.Instance != orphans.Victim.Instance))
                {
                    byOther++;
                }
            }
        }

        var byVictim = orphaned - bySuccessor - byOther;
        verdict.Check(orphaned == 0 || bySuccessor > 0, $"none of the {orphaned} entries killed consumers left pending was finished by a replacement with the same name.");
        verdict.Figure($"entries left pending by killed consumers {orphaned}: finished by the replacement with the same name {bySuccessor}, claimed by another consumer {byOther}, committed by the killed process's last in-flight commit {byVictim}");
    }
}
