using System.Text.Json;

namespace Fleet.Notifier.Tests.Support;

/// <summary>One request a <see cref="WebhookReceiver"/> got: its headers (case-insensitive) and body bytes.</summary>
internal sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No {name} header.");

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
