using System.Text.Json.Nodes;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Output;
using Fleet.Redis;

namespace Fleet.Ctl.Tail;

/// <summary>
/// Follows a stream with XREAD BLOCK (no group: tailing changes nothing for the consumers), printing each entry as a
/// readable line or a JSON line. Ends with exit code 0 on Ctrl-C / SIGTERM or after --count entries. With --gateway it
/// follows the gateway's live tail instead (<see cref="GatewayTail"/>), printing the same lines.
/// </summary>
internal sealed class TailCommand : FleetCommand<TailSettings>
{
    private const int Batch = 100;
    private static readonly TimeSpan Block = TimeSpan.FromSeconds(5);

    protected override async Task<int> RunAsync(TailSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Gateway is not null)
        {
            return await GatewayTail.RunAsync(Terminal, settings, cancellationToken);
        }

        await using var bus = await ConnectAsync(settings, cancellationToken);
        var key = bus.Keys.Stream(settings.Stream);
        var position = await StartAsync(bus.Redis, key, settings.From, cancellationToken);
        Terminal.WriteNote($"following {key} after {position} (Ctrl-C to stop)");
        var seen = 0;
        try
        {
            while (settings.Count is not { } count || seen < count)
            {
                var want = settings.Count is { } limit ? Math.Min(Batch, limit - seen) : Batch;
                var entries = await bus.Redis.XReadAsync(key, position, want, Block, cancellationToken);
                foreach (var entry in entries)
                {
                    Print(settings, EntryView.Read(settings.Stream, entry));
                    position = entry.Id.ToString();
                    seen++;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Following until stopped is what tail is for: a stop is a normal end.
        }

        await Terminal.Plain.FlushAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The id to read after. <c>$</c> is resolved to the last entry's id once, here: XREAD's own <c>$</c> means "after
    /// this call started", so an entry added between two reads would be missed.
    /// </summary>
    private static async Task<string> StartAsync(RedisClient redis, string key, string from, CancellationToken cancellationToken)
    {
        if (from != "$")
        {
            return RedisStreamId.Parse(from).ToString();
        }

        var last = await redis.XRevRangeAsync(key, "+", "-", 1, cancellationToken);
        return last.Count == 0 ? "0-0" : last[0].Id.ToString();
    }

    private void Print(TailSettings settings, EntryView view) => Print(Terminal, settings, view.ToJson());

    /// <summary>Prints an entry in the shape both modes share (the gateway's tail sends it so), readable or as a JSON line.</summary>
    internal static void Print(Terminal terminal, TailSettings settings, JsonObject entry)
    {
        if (settings.Json)
        {
            terminal.Plain.WriteLine(JsonText.Of(entry));
        }
        else
        {
            terminal.Out.Write(new Text(EntryView.ReadableLine(entry) + "\n", entry.ContainsKey("malformed") ? new Style(Color.Red) : new Style(Color.Default)));
        }
    }
}
