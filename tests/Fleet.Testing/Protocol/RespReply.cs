namespace Fleet.Testing.Protocol;

/// <summary>One RESP2 reply, reduced to what start-up probes need.</summary>
/// <param name="Kind">The type byte: <c>+</c>, <c>-</c>, <c>:</c>, <c>$</c> or <c>*</c>.</param>
/// <param name="Text">The simple string, error, integer or bulk text; <see langword="null"/> for a null bulk or an array.</param>
internal sealed record RespReply(char Kind, string? Text)
{
    /// <summary>Whether the server answered with an error (<c>-ERR ...</c>, <c>-NOAUTH ...</c>).</summary>
    public bool IsError => Kind == '-';
}
