using System.Globalization;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Output;

namespace Fleet.Ctl.DeadLetters;

/// <summary>fleetctl dlq list: dead letters or parked entries, oldest first, filtered; from Redis or the gateway.</summary>
internal sealed class DeadLetterListCommand : FleetCommand<DeadLetterFilterSettings>
{
    private const int ErrorWidth = 60;

    protected override async Task<int> RunAsync(DeadLetterFilterSettings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<DeadLetterView> letters;
        if (settings.Gateway is null)
        {
            await using var bus = await ConnectAsync(settings, cancellationToken);
            letters = await DeadLetterReader.ListAsync(bus, settings, cancellationToken);
        }
        else
        {
            using var gateway = GatewayDeadLetters.Open(settings, "dlq list");
            letters = await GatewayDeadLetters.ListAsync(gateway, settings, cancellationToken);
        }

        if (settings.Json)
        {
            foreach (var letter in letters)
            {
                Terminal.Plain.WriteLine(JsonText.Of(letter.ToJson()));
            }

            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("entry id", "event id", "type", "error type", "group", "failed at", "redrives", "error");
        foreach (var letter in letters.Select(view => view.Letter))
        {
            table.AddRow([.. new[]
            {
                letter.Id.ToString(), letter.EventId, letter.EventType, letter.ErrorType, letter.Group, letter.FailedAt,
                letter.Redrives.ToString(CultureInfo.InvariantCulture), letter.ErrorMessage is { } error ? EntryView.Shorten(error, ErrorWidth) : null,
            }.Select(text => Markup.Escape(text ?? "-"))]);
        }

        Terminal.Out.Write(table);
        Terminal.WriteNote($"{letters.Count} {(settings.Parked ? "parked entries" : "dead letters")} in {DeadLetterReader.KeyOf(settings)}{(letters.Count == settings.Limit ? $" (the first {settings.Limit}: raise --limit for more)" : string.Empty)}");
        return ExitCodes.Ok;
    }
}
