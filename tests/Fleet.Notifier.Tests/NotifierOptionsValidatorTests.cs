namespace Fleet.Notifier.Tests;

public sealed class NotifierOptionsValidatorTests
{
    private static readonly NotifierOptionsValidator Validator = new();

    [Fact]
    public void Validate_WebhooksOnWithoutSecret_NamesTheOption()
    {
        var result = Validator.Validate(null, new NotifierOptions());

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Notifier:Webhook:SigningSecret is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ShortSecret_IsRefusedWithoutPrintingIt()
    {
        var options = new NotifierOptions { Webhook = { SigningSecret = "short-secret-value" } };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.DoesNotContain("short-secret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WebhooksOffWithoutSecret_Succeeds()
    {
        var result = Validator.Validate(null, new NotifierOptions { Webhook = { Enabled = false } });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_Defaults_FitTheHandlerBudget()
    {
        var options = new NotifierOptions { Webhook = { SigningSecret = new string('s', 32) }, Smtp = { Host = "smtp.example.com", From = "fleet@example.com" } };

        var result = Validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_RetriesLongerThanTheBudget_AreRefused()
    {
        var options = new NotifierOptions { Webhook = { SigningSecret = new string('s', 32), MaxAttempts = 10, Timeout = TimeSpan.FromSeconds(30) } };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Notifier:Webhook and Notifier:Smtp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "Notifier:RateLimit:PerMinute")]
    public void Validate_BadRateLimit_NamesTheOption(int perMinute, string option)
    {
        var options = new NotifierOptions { Webhook = { Enabled = false }, RateLimit = { PerMinute = perMinute } };

        var result = Validator.Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith(option, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SmtpHostWithoutFrom_NamesTheOption()
    {
        var options = new NotifierOptions { Webhook = { Enabled = false }, Smtp = { Host = "smtp.example.com" } };

        var result = Validator.Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Notifier:Smtp:From", StringComparison.Ordinal));
    }
}
