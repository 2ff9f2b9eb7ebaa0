namespace Fleet.EventGateway.Api;

/// <summary><c>Gateway:Cors</c>: empty (the default) leaves CORS off, so browsers refuse cross-origin calls.</summary>
internal sealed class GatewayCorsOptions
{
    /// <summary>Origins such as <c>https://ops.example.com</c> allowed to call the API from a browser (default none).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
