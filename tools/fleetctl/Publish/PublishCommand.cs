using System.Text.Json.Nodes;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Output;
using Fleet.Ctl.Connection;
using Fleet.Ctl.Gateway;

namespace Fleet.Ctl.Publish;

/// <summary>
/// Publishes one event: to Redis with Fleet.Events' publisher (validated against Fleet.Contracts first, nothing sent when
/// invalid), or with <c>--gateway</c> through <c>POST /events</c>, whose problem details name every broken rule.
/// </summary>
internal sealed class PublishCommand : FleetCommand<PublishSettings>
{
    protected override async Task<int> RunAsync(PublishSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Gateway is not null)
        {
            return await PublishThroughGatewayAsync(settings, cancellationToken);
        }

        var draft = EventDraft.Read(settings, FleetBus.Contracts(), Console.In, out var record);
        await using var bus = await ConnectAsync(settings, cancellationToken);
        var result = await bus.Publisher.PublishAsync(draft.Stream, record!, draft.Options, cancellationToken);
        return Print(settings, result.EventId.ToString(), draft.Stream, result.EntryId?.ToString() ?? string.Empty);
    }

    private async Task<int> PublishThroughGatewayAsync(PublishSettings settings, CancellationToken cancellationToken)
    {
        // The gateway checks the contract itself (its answer names every broken rule); the command line is checked here.
        var draft = EventDraft.Read(settings, contracts: null, Console.In, out _);
        var body = new JsonObject
        {
            ["type"] = draft.Type,
            ["data"] = draft.Data.DeepClone(),
            ["stream"] = draft.Stream,
            ["correlationId"] = draft.Options.CorrelationId?.ToString(),
            ["causationId"] = draft.Options.CausationId?.ToString(),
            ["userId"] = draft.Options.UserId,
            ["metadata"] = draft.Options.Metadata is { } metadata ? new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))) : null,
        };
        using var gateway = GatewayClient.Create(settings, "publish");
        var answer = await gateway.PostAsync("events", body, cancellationToken);
        return Print(settings, answer["id"]?.ToString() ?? string.Empty, answer["stream"]?.ToString() ?? draft.Stream, answer["entryId"]?.ToString() ?? string.Empty);
    }

    private int Print(PublishSettings settings, string id, string stream, string entryId)
    {
        if (settings.Json)
        {
            Terminal.Plain.WriteLine(JsonText.Of(new JsonObject { ["id"] = id, ["stream"] = stream, ["entryId"] = entryId }));
        }
        else
        {
            Terminal.Out.MarkupLineInterpolated($"published [green]{id}[/] to [blue]{stream}[/] as entry {entryId}");
        }

        return ExitCodes.Ok;
    }
}
