using Fleet.EndToEnd.Tests.Processes;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.EndToEnd.Tests.Configuration;

/// <summary>
/// Each service started with a bad setting stops at once: exit code 2 and one line on stderr that names the option
/// (Fleet.Hosting's <c>Configuration error: Section:Option ...</c>), never a stack trace, never a secret.
/// </summary>
public sealed class BadConfigurationIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IDisposable
{
    private const int ConfigurationErrorExitCode = 2;
    private const string MissingRedisUrl = "no Redis URL";
    private const string MalformedRedisUrl = "a malformed Redis URL";
    private const string Password = "s3cret-pw";
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(180);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fleet-e2e-config-");

    [Theory]
    [InlineData(ServiceBinaries.FileProcessor, MissingRedisUrl, "ConnectionStrings:Redis")]
    [InlineData(ServiceBinaries.FileProcessor, MalformedRedisUrl, "ConnectionStrings:Redis")]
    [InlineData(ServiceBinaries.FileProcessor, "FileProcessor__ChunkSize=500;FileProcessor__ChunkOverlap=800", "FileProcessor:ChunkOverlap")]
    [InlineData(ServiceBinaries.EmbeddingGenerator, MissingRedisUrl, "ConnectionStrings:Redis")]
    [InlineData(ServiceBinaries.EmbeddingGenerator, MalformedRedisUrl, "ConnectionStrings:Redis")]
    [InlineData(ServiceBinaries.EmbeddingGenerator, "EmbeddingGenerator__BatchSize=0", "EmbeddingGenerator:BatchSize")]
    [InlineData(ServiceBinaries.Notifier, MissingRedisUrl, "ConnectionStrings:Redis")]
    [InlineData(ServiceBinaries.Notifier, MalformedRedisUrl, "ConnectionStrings:Redis")]
    [InlineData(ServiceBinaries.Notifier, "Notifier__RateLimit__PerMinute=-1", "Notifier:RateLimit:PerMinute")]
    [InlineData(ServiceBinaries.MarketMonitor, "MarketMonitor__Collector__Speed=-1", "MarketMonitor:Collector:Speed")]
    [InlineData(ServiceBinaries.DeadLetterReaper, "Reaper__Redrive__MaxRedrives=101", "Reaper:Redrive:MaxRedrives")]
    public async Task Start_BadSetting_ExitsWithOneLineNamingTheOption(string service, string problem, string option)
    {
        var environment = GoodEnvironment(service);
        switch (problem)
        {
            case MissingRedisUrl:
                environment["REDIS_URL"] = null;
                break;
            case MalformedRedisUrl:
                environment["REDIS_URL"] = $"redis://app:{Password}@127.0.0.1:notaport";
                break;
            default:
                foreach (var setting in problem.Split(';'))
                {
                    var (name, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                    environment[name] = value;
                }

                break;
        }

        await using var process = ServiceProcess.Start(service, ServiceBinaries.DllOf(service), 0, environment, _work.FullName);
        int code;
        try
        {
            code = await process.Exit.WaitAsync(Eventually.Scaled(ExitLimit), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{service} with {problem} kept running:\n{process.Tail}");
            throw;
        }

        var lines = process.ErrorLines.Where(line => line.Length > 0).ToList();
        Assert.True(code == ConfigurationErrorExitCode, $"{service} with {problem} exited with {code}, not {ConfigurationErrorExitCode}:\n{process.Tail}");
        var line = Assert.Single(lines);
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(option, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>Settings a service starts with (the process contract's required ones), before the test spoils one.</summary>
    private Dictionary<string, string?> GoodEnvironment(string service)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["REDIS_URL"] = redis.Server.Url,
            ["ConnectionStrings__Redis"] = null,
            ["Fleet__Http__Port"] = "0",
            ["Fleet__Events__InstanceName"] = service + "-config-test",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };
        switch (service)
        {
            case ServiceBinaries.FileProcessor:
                environment["FileProcessor__StorageRoot"] = _work.FullName;
                break;
            case ServiceBinaries.Notifier:
                environment["Notifier__Webhook__SigningSecret"] = new string('k', 64);
                environment["Notifier__Smtp__Host"] = "127.0.0.1";
                environment["Notifier__Smtp__Security"] = "None";
                environment["Notifier__Smtp__From"] = "fleet@example.com";
                break;
        }

        return environment;
    }
}
