using Fleet.Ctl.Conversation;
using Fleet.Ctl.DeadLetters;
using Fleet.Ctl.Groups;
using Fleet.Ctl.Output;
using Fleet.Ctl.Publish;
using Fleet.Ctl.Replay;
using Fleet.Ctl.Schemas;
using Fleet.Ctl.Tail;
using Fleet.Ctl.Trim;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Cli;

/// <summary>The command tree of fleetctl (docs/fleetctl.md).</summary>
internal static class FleetCtlApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new StopSignal();
        var app = new CommandApp();
        app.Configure(Configure);
        return await app.RunAsync(args, stop.Token);
    }

    private static void Configure(IConfigurator config)
    {
        config.SetApplicationName("fleetctl");
        // An unknown option is a mistake to report, not something to ignore.
        config.UseStrictParsing();
        config.ConfigureConsole(Terminal.Standard.Out);
        // Spectre's own errors (an unknown option, a missing argument, a failed validation) are usage errors: exit 2.
        config.SetExceptionHandler((exception, _) =>
        {
            Terminal.Standard.WriteError(exception is CommandAppException app ? app.Message : exception.ToString());
            return exception is CommandAppException ? ExitCodes.Usage : ExitCodes.Failure;
        });

        config.AddCommand<PublishCommand>("publish")
            .WithDescription("Publish one event of a registered type, validated against its contract (Redis or --gateway).")
            .WithExample("publish", "file.uploaded", "--data", "@upload.json", "--correlation-id", "01JDQ8Z0000000000000000001");
        config.AddCommand<TailCommand>("tail")
            .WithDescription("Follow a stream: readable lines or JSON lines, until Ctrl-C or --count entries (Redis).")
            .WithExample("tail", "contextual.events", "--from", "0", "--count", "10", "--json");
        config.AddCommand<GroupsCommand>("groups")
            .WithDescription("The consumer groups of the streams: lag, pending, consumers, idle (Redis).")
            .WithExample("groups", "--stream", "contextual.events");
        config.AddBranch("dlq", dlq =>
        {
            dlq.SetDescription("Dead letters (:dlq) and parked entries (:parked) of a stream (Redis).");
            dlq.AddCommand<DeadLetterListCommand>("list")
                .WithDescription("List dead letters (or --parked entries), oldest first, with filters.")
                .WithExample("dlq", "list", "--stream", "contextual.events", "--parked", "--error-type", "validation");
            dlq.AddCommand<DeadLetterShowCommand>("show")
                .WithDescription("Show dead letters (or --parked entries) by entry id, every field.")
                .WithExample("dlq", "show", "--stream", "contextual.events", "1796206667504-0");
            dlq.AddCommand<DeadLetterRedriveCommand>("redrive")
                .WithDescription("Ask dead-letter-reaper to put parked entries back on their stream (by id or filter).")
                .WithExample("dlq", "redrive", "--stream", "contextual.events", "--error-type", "validation", "--wait");
            dlq.AddCommand<DeadLetterPurgeCommand>("purge")
                .WithDescription("Ask dead-letter-reaper to delete parked entries for good (by id or filter).")
                .WithExample("dlq", "purge", "--stream", "contextual.events", "1796206667504-0", "--wait");
        });
        config.AddCommand<ReplayCommand>("replay")
            .WithDescription("Re-publish archived events as a gateway replay job and follow its progress (--gateway).")
            .WithExample("replay", "--gateway", "http://localhost:8080", "--stream", "market.events", "--from", "2026-12-02T10:00:00Z");
        config.AddCommand<ConversationCommand>("conversation")
            .WithDescription("Every archived event of a correlation id, in order across streams (--gateway).")
            .WithExample("conversation", "01JDQ8Z0000000000000000001", "--gateway", "http://localhost:8080");
        config.AddBranch("schemas", schemas =>
        {
            schemas.SetDescription("JSON Schemas of the registered event types.");
            schemas.AddCommand<SchemasExportCommand>("export")
                .WithDescription("Write one JSON Schema per event type, as docs/schemas has them.")
                .WithExample("schemas", "export", "--output", "schemas");
        });
        config.AddCommand<TrimCommand>("trim")
            .WithDescription("XTRIM a stream by length or minimum id, after a confirmation (Redis).")
            .WithExample("trim", "market.events", "--maxlen", "100000", "--approximate", "--yes");
    }
}
