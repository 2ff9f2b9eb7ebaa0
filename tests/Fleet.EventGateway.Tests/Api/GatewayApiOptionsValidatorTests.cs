using Fleet.EventGateway.Api;

namespace Fleet.EventGateway.Tests.Api;

public sealed class GatewayApiOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new GatewayApiOptionsValidator().Validate(null, new GatewayApiOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_EveryBadSetting_NamesEachOptionAndNeverTheKey()
    {
        var options = new GatewayApiOptions
        {
            ApiKeys = new ApiKeyOptions
            {
                Admin = ["short", "shared-key-0123456789"],
                ReadOnly = ["shared-key-0123456789"],
                AdminFile = "/nonexistent/gateway-admin-keys",
            },
            MaxRequestBytes = 10,
            MaxBatchEvents = 0,
            RateLimit = new GatewayRateLimitOptions { PermitsPerWindow = 0, AnonymousPermitsPerWindow = 0, Window = TimeSpan.Zero },
            Cors = new GatewayCorsOptions { AllowedOrigins = ["*", "https://ops.example.com/path", "https://ops.example.com"] },
        };

        var failures = new GatewayApiOptionsValidator().Validate(null, options).Failures!.ToArray();

        string[] expected =
        [
            "Gateway:ApiKeys:Admin:0 must be at least 16", "Gateway:ApiKeys:ReadOnly:0 is also configured as Gateway:ApiKeys:Admin:1",
            "Gateway:ApiKeys:AdminFile '/nonexistent/gateway-admin-keys' cannot be read", "Gateway:MaxRequestBytes", "Gateway:MaxBatchEvents",
            "Gateway:RateLimit:PermitsPerWindow", "Gateway:RateLimit:AnonymousPermitsPerWindow", "Gateway:RateLimit:Window",
            "Gateway:Cors:AllowedOrigins:0", "Gateway:Cors:AllowedOrigins:1",
        ];
        Assert.Equal(expected.Length, failures.Length);
        foreach (var start in expected)
        {
            Assert.Contains(failures, failure => failure.StartsWith(start, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(failures, failure => failure.Contains("shared-key", StringComparison.Ordinal) || failure.Contains("short", StringComparison.Ordinal));
    }
}
