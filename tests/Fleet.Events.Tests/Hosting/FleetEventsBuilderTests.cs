using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Tests.Hosting;

public sealed class FleetEventsBuilderTests
{
    private static FleetEventsBuilder NewBuilder() => new ServiceCollection().AddFleetEvents().UseInMemory().AddTestEvents();

    [Fact]
    public void AddConsumerGroup_NoHandlers_ThrowsNamingTheGroup()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NewBuilder().AddConsumerGroup("orders", "billing", _ => { }));

        Assert.Contains("'billing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no handlers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddConsumerGroup_SameGroupTwice_Throws()
    {
        var builder = NewBuilder().AddConsumerGroup("orders", "billing", g => g.Handle<OrderPlaced>((_, _) => ValueTask.CompletedTask));

        Assert.Throws<InvalidOperationException>(() =>
            builder.AddConsumerGroup("orders", "billing", g => g.Handle<OrderPlaced>((_, _) => ValueTask.CompletedTask)));
    }

    [Fact]
    public void Handle_SameEventTypeTwiceInOneGroup_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NewBuilder().AddConsumerGroup("orders", "billing", g => g
            .Handle<OrderPlaced>((_, _) => ValueTask.CompletedTask)
            .Handle<OrderPlaced>((_, _) => ValueTask.CompletedTask)));

        Assert.Contains("OrderPlaced", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddConsumerGroup_InvalidOptions_ThrowsAtRegistration()
    {
        var error = Assert.Throws<ArgumentException>(() => NewBuilder().AddConsumerGroup("orders", "billing", g => g
            .Handle<OrderPlaced>((_, _) => ValueTask.CompletedTask)
            .Configure(o => o.Concurrency = 0)));

        Assert.Contains("Concurrency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddConsumerGroup_BadStreamName_Throws() =>
        Assert.Throws<ArgumentException>(() => NewBuilder().AddConsumerGroup("Orders!", "billing", g => g.Handle<OrderPlaced>((_, _) => ValueTask.CompletedTask)));

    [Fact]
    public async Task HostStart_InvalidFleetOptions_FailsNamingTheOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddFleetEvents(o => o.MaxEventBytes = -1).UseInMemory();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MaxEventBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFleetEvents_ConfigurationSection_BindsOptionsAndCodeOverrides()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Events:MaxEventBytes"] = "4096",
            ["Fleet:Events:WhenUnavailable"] = "Outbox",
            ["Fleet:Events:Outbox:MaxEvents"] = "17",
            ["Fleet:Events:InstanceName"] = "from-config",
        });
        builder.Services.AddFleetEvents(o => o.InstanceName = "from-code").UseInMemory();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<FleetEventsOptions>>().Value;

        Assert.Equal(4096, options.MaxEventBytes);
        Assert.Equal(PublishFailureMode.Outbox, options.WhenUnavailable);
        Assert.Equal(17, options.Outbox.MaxEvents);
        Assert.Equal("from-code", options.InstanceName);
    }

    [Fact]
    public async Task HostStart_BadConfiguredValue_FailsNamingTheOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Events:MaxEventBytes"] = "0" });
        builder.Services.AddFleetEvents().UseInMemory();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MaxEventBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFleetEvents_Registrations_ResolveTheBusServices()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddFleetEvents().UseInMemory().AddTestEvents();
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<IEventPublisher>());
        Assert.NotNull(provider.GetRequiredService<IEventRequester>());
        Assert.NotNull(provider.GetRequiredService<IEventNotifications>());
        Assert.Equal(4, provider.GetRequiredService<EventTypeRegistry>().Types.Count);
    }
}
