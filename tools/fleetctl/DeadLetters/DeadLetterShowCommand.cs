using Fleet.Ctl.Cli;
using Fleet.Ctl.Output;
using Fleet.Redis;

namespace Fleet.Ctl.DeadLetters;

/// <summary>
/// fleetctl dlq show: every field of the entries asked for. Exit code 3 when any of them is not there (the others are
/// still shown). From Redis or the gateway.
/// </summary>
internal sealed class DeadLetterShowCommand : FleetCommand<DeadLetterShowSettings>
{
    protected override async Task<int> RunAsync(DeadLetterShowSettings settings, CancellationToken cancellationToken)
    {
        var key = DeadLetterReader.KeyOf(settings);
        await using var bus = settings.Gateway is null ? await ConnectAsync(settings, cancellationToken) : null;
        using var gateway = settings.Gateway is null ? null : GatewayDeadLetters.Open(settings, "dlq show");
        var missing = new List<string>();
        foreach (var id in settings.EntryIds)
        {
            var found = bus is not null
                ? await DeadLetterReader.FindAsync(bus, settings, RedisStreamId.Parse(id), cancellationToken)
                : await GatewayDeadLetters.FindAsync(gateway!, settings, RedisStreamId.Parse(id), cancellationToken);
            if (found is not { } letter)
            {
                missing.Add(id);
                continue;
            }

            if (settings.Json)
            {
                Terminal.Plain.WriteLine(JsonText.Of(letter.ToJson()));
                continue;
            }

            var table = new Table().Title(Markup.Escape($"{key} {letter.Letter.Id}")).AddColumns("field", "value");
            foreach (var field in letter.Letter.Entry.Fields)
            {
                table.AddRow(Markup.Escape(field.Name), Markup.Escape(field.Value.ToString()));
            }

            Terminal.Out.Write(table);
        }

        if (missing.Count > 0)
        {
            throw CliException.NotFound($"not in {key}: {string.Join(", ", missing)}");
        }

        return ExitCodes.Ok;
    }
}
