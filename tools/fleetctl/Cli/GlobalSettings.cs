using System.ComponentModel;
using Fleet.Events;
using Fleet.Redis;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Cli;

/// <summary>The options every command takes: where Redis and the gateway are, and the key prefix.</summary>
internal class GlobalSettings : CommandSettings
{
    /// <summary>The variable <see cref="ApiKey"/> falls back to.</summary>
    public const string ApiKeyVariable = "FLEET_API_KEY";

    [CommandOption("--redis <URL>")]
    [Description("Redis URL, redis://[[user:password@]]host:port[[/db]] or rediss://… (default: ConnectionStrings__Redis, then REDIS_URL, then redis://localhost:6379)")]
    public string? Redis { get; set; }

    [CommandOption("--gateway <URL>")]
    [Description("event-gateway base URL, e.g. http://localhost:8080; commands that support it then talk to the gateway instead of Redis")]
    public string? Gateway { get; set; }

    [CommandOption("--api-key <KEY>")]
    [Description("the gateway's X-Api-Key (default: FLEET_API_KEY)")]
    public string? ApiKey { get; set; }

    [CommandOption("--prefix <PREFIX>")]
    [Description("key prefix of the fleet's streams")]
    [DefaultValue("fleet:")]
    public string Prefix { get; set; } = "fleet:";

    /// <summary>The API key given, or FLEET_API_KEY.</summary>
    public string? ResolvedApiKey => string.IsNullOrEmpty(ApiKey) ? Environment.GetEnvironmentVariable(ApiKeyVariable) : ApiKey;

    public override ValidationResult Validate()
    {
        try
        {
            _ = new StreamKeys(Prefix);
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error($"--prefix: {e.Message}");
        }

        if (Gateway is not null && !(Uri.TryCreate(Gateway, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            return ValidationResult.Error($"--gateway must be an http:// or https:// URL, not '{Gateway}'.");
        }

        return ValidationResult.Success();
    }

    /// <summary>The commands' check of entry id arguments: success when each is <c>milliseconds-sequence</c>.</summary>
    protected static ValidationResult CheckEntryIds(IEnumerable<string> ids)
    {
        var bad = ids.Where(id => !RedisStreamId.TryParse(id, out _)).ToList();
        return bad.Count == 0
            ? ValidationResult.Success()
            : ValidationResult.Error($"not entry ids (milliseconds-sequence, e.g. 1796206667504-0): {string.Join(", ", bad)}.");
    }

    /// <summary>The commands' check of a stream name option: success when <paramref name="name"/> is a stream name.</summary>
    protected static ValidationResult CheckStream(string? name, string option)
    {
        if (string.IsNullOrEmpty(name))
        {
            return ValidationResult.Error($"{option} is required.");
        }

        try
        {
            StreamKeys.Validate(name);
            return ValidationResult.Success();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error($"{option}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
