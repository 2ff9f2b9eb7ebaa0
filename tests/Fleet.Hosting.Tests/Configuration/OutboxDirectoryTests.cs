using Fleet.Events;
using Fleet.Hosting.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Hosting.Tests.Configuration;

/// <summary>The <c>{instance}</c> placeholder of Fleet:Events:Outbox:Directory: one outbox volume, one directory per replica.</summary>
public sealed class OutboxDirectoryTests
{
    [Fact]
    public async Task Service_DirectoryWithPlaceholder_EachInstanceItsOwnDirectory()
    {
        await using var first = TestApplications.Service(new() { ["REDIS_URL"] = "redis://127.0.0.1:6379", ["Fleet:Events:Outbox:Directory"] = "/var/lib/fleet/outbox/{instance}", ["Fleet:Events:InstanceName"] = "3f2a9c1b7d4e" });
        await using var second = TestApplications.Service(new() { ["REDIS_URL"] = "redis://127.0.0.1:6379", ["Fleet:Events:Outbox:Directory"] = "/var/lib/fleet/outbox/{instance}", ["Fleet:Events:InstanceName"] = "file-processor-2" });

        Assert.Equal("/var/lib/fleet/outbox/3f2a9c1b7d4e", first.Services.GetRequiredService<IOptions<FleetEventsOptions>>().Value.Outbox.Directory);
        Assert.Equal("/var/lib/fleet/outbox/file-processor-2", second.Services.GetRequiredService<IOptions<FleetEventsOptions>>().Value.Outbox.Directory);
    }

    [Fact]
    public async Task Service_DirectoryWithoutPlaceholder_Unchanged()
    {
        await using var app = TestApplications.Service(new() { ["REDIS_URL"] = "redis://127.0.0.1:6379", ["Fleet:Events:Outbox:Directory"] = "/srv/outbox", ["Fleet:Events:InstanceName"] = "a" });

        Assert.Equal("/srv/outbox", app.Services.GetRequiredService<IOptions<FleetEventsOptions>>().Value.Outbox.Directory);
    }

    [Theory]
    [InlineData("pod/with spaces", "/o/pod_with_spaces")]
    [InlineData("..", "/o/_")]
    [InlineData("fp.2", "/o/fp.2")]
    public void Resolve_InstanceNotASafeSegment_ReplacedCharacters(string instance, string expected)
    {
        Assert.Equal(expected, OutboxDirectory.Resolve("/o/{instance}", instance));
    }
}
