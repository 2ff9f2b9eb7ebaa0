using Fleet.DeadLetterReaper.Alerts;

namespace Fleet.DeadLetterReaper.Tests.Alerts;

public sealed class FleetSamplerTests
{
    [Fact]
    public void ParseMemory_ReadsUsedMemoryAndMaxmemory()
    {
        var memory = FleetSampler.ParseMemory("# Memory\r\nused_memory:900000\r\nused_memory_human:878.91K\r\nmaxmemory:1000000\r\nmaxmemory_policy:noeviction\r\n");

        Assert.Equal((900_000L, 1_000_000L, (double?)0.9), (memory.Used, memory.Max, memory.Ratio));
    }

    [Fact]
    public void ParseMemory_NoMaxmemory_HasNoRatio()
    {
        Assert.Null(FleetSampler.ParseMemory("used_memory:900000\r\nmaxmemory:0\r\n").Ratio);
    }
}
