namespace Fleet.Deploy.Tests.Compose;

/// <summary>
/// Every variable docker-compose.yml gives a Fleet service is a setting that service binds (its options classes,
/// Fleet.Hosting's and Fleet.Events' settings, its connection strings, the OTEL_* variables): a misspelled name would be
/// ignored silently by the configuration binder, and the service would run on a default.
/// </summary>
public sealed class ComposeEnvironmentTests
{
    public static TheoryData<string> FleetServices => [.. ComposeFile.FleetServices];

    [Theory]
    [MemberData(nameof(FleetServices))]
    public void FleetService_EveryVariableIsASettingItBinds(string service)
    {
        var settings = ServiceSettings.Of(service);
        var environment = ComposeFile.Repository.Services[service].Environment;

        Assert.NotEmpty(environment);
        Assert.All(environment.Keys, variable => Assert.Null(settings.Problem(variable)));
    }

    [Theory]
    [InlineData("file-processor", "FileProcessor__StorageRot")]
    [InlineData("file-processor", "Fleet__Events__Outbox__Dir")]
    [InlineData("file-processor", "Fleet__Events__Outbox")]
    [InlineData("file-processor", "ConnectionStrings__Archive")]
    [InlineData("notifier", "Notifier__Webhook__SigningSecrets")]
    [InlineData("notifier", "FileProcessor__StorageRoot")]
    [InlineData("event-gateway", "Gateway__ApiKey__Admin__0")]
    [InlineData("event-gateway", "ConnectionStrings__Redsi")]
    [InlineData("market-monitor", "OTEL_EXPORTER_ENDPOINT")]
    public void Problem_MisspelledOrAnotherServicesSetting_Named(string service, string variable)
    {
        Assert.NotNull(ServiceSettings.Of(service).Problem(variable));
    }

    [Theory]
    [InlineData("event-gateway", "Gateway__ApiKeys__ReadOnly__1")]
    [InlineData("market-monitor", "MarketMonitor__Analysis__RsiPeriod")]
    [InlineData("dead-letter-reaper", "Fleet__Leadership__LeaseTime")]
    [InlineData("notifier", "Fleet__ShutdownTimeout")]
    public void Problem_SettingsTheServiceBinds_None(string service, string variable)
    {
        Assert.Null(ServiceSettings.Of(service).Problem(variable));
    }
}
