using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Tests.LeaderLease;

public sealed class AddLeaderWorkTests
{
    [Fact]
    public void AddLeaderWork_SameLeaseTwice_ThrowsNamingIt()
    {
        var builder = new ServiceCollection().AddFleetEvents().UseInMemory().AddLeaderWork<RecordingWork>("orders", "billing-run");

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddLeaderWork<RecordingWork>("orders", "billing-run"));

        Assert.Contains("'billing-run' on 'orders'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Orders", "billing-run")]
    [InlineData("orders", "Billing Run")]
    [InlineData("orders", "")]
    public void AddLeaderWork_BadStreamOrLeaseName_ThrowsArgumentException(string stream, string name)
    {
        var builder = new ServiceCollection().AddFleetEvents().UseInMemory();

        Assert.ThrowsAny<ArgumentException>(() => builder.AddLeaderWork<RecordingWork>(stream, name));
    }

    [Fact]
    public void AddLeaderWork_ConfigurationSection_BindsLeadershipOptionsAndCodeOverrides()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Leadership:LeaseTime"] = "00:00:03",
            ["Fleet:Leadership:RenewInterval"] = "00:00:01",
        });
        var events = builder.Services.AddFleetEvents().UseInMemory();
        // Code wins over configuration wherever it is registered, before the lease or after it.
        builder.Services.Configure<LeadershipOptions>(o => o.RenewInterval = TimeSpan.FromMilliseconds(500));
        events.AddLeaderWork<RecordingWork>("orders", "billing-run");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<LeadershipOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(3), options.LeaseTime);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.EffectiveRenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.WorkDeadline);
    }

    [Fact]
    public async Task HostStart_BadLeadershipValue_FailsNamingTheOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Leadership:RenewInterval"] = "00:00:06" });
        builder.Services.AddFleetEvents().UseInMemory().AddLeaderWork<RecordingWork>("orders", "billing-run");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Fleet:Leadership:RenewInterval", error.Message, StringComparison.Ordinal);
    }
}
