using System.ComponentModel;
using Fleet.Ctl.Cli;
using Fleet.Events;
using NUlid;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Conversation;

/// <summary>fleetctl conversation CORRELATION_ID --gateway URL [--json].</summary>
internal sealed class ConversationSettings : GlobalSettings
{
    [CommandArgument(0, "<CORRELATION_ID>")]
    [Description("the conversation's correlation id (a ULID)")]
    public string CorrelationId { get; set; } = string.Empty;

    [CommandOption("--json")]
    [Description("one archived event per line as the gateway returns it")]
    public bool Json { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        return Ulid.TryParseExact(CorrelationId, out _)
            ? ValidationResult.Success()
            : ValidationResult.Error($"<CORRELATION_ID> must be a ULID (26 Crockford base32 characters), not '{CorrelationId}'.");
    }
}
