namespace Fleet.Testing.Tests;

/// <summary>A RESP2 reply: the type byte and its text (arrays are not needed by these tests).</summary>
internal sealed record RespTestReply(char Kind, string? Text)
{
    public override string ToString() => $"{Kind}{Text}";
}
