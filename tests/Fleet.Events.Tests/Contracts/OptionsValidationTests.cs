using Fleet.Redis;

namespace Fleet.Events.Tests.Contracts;

public sealed class OptionsValidationTests
{
    [Fact]
    public void FleetEventsOptions_Defaults_AreValid()
    {
        var options = new FleetEventsOptions();

        options.Validate();

        Assert.Equal("fleet:", options.KeyPrefix);
        Assert.Equal(1024 * 1024, options.MaxEventBytes);
        Assert.Equal(PublishFailureMode.FailFast, options.WhenUnavailable);
    }

    [Theory]
    [InlineData("MaxEventBytes")]
    [InlineData("InstanceName")]
    [InlineData("KeyPrefix")]
    [InlineData("SchedulerInterval")]
    [InlineData("Retention")]
    [InlineData("InstanceHeartbeat")]
    [InlineData("InstanceLeaseTime")]
    public void FleetEventsOptions_BadValue_ErrorNamesTheOption(string option)
    {
        var options = new FleetEventsOptions();
        switch (option)
        {
            case "MaxEventBytes": options.MaxEventBytes = 0; break;
            case "InstanceName": options.InstanceName = " "; break;
            case "KeyPrefix": options.KeyPrefix = "{x}"; break;
            case "SchedulerInterval": options.SchedulerInterval = TimeSpan.Zero; break;
            case "InstanceHeartbeat": options.InstanceHeartbeat = TimeSpan.Zero; break;
            case "InstanceLeaseTime": options.InstanceLeaseTime = options.InstanceHeartbeat * 1.5; break;
            default: options.Retention["Bad Name"] = StreamRetention.MaxLength(1); break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(option == "Retention" ? "Bad Name" : option == "KeyPrefix" ? "{x}" : option, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Prefetch")]
    [InlineData("Concurrency")]
    [InlineData("MaxDeliveries")]
    [InlineData("StartPosition")]
    [InlineData("ProcessingTimeout")]
    public void ConsumerGroupOptions_BadValue_ErrorNamesGroupAndOption(string option)
    {
        var options = new ConsumerGroupOptions();
        switch (option)
        {
            case "Prefetch": options.Prefetch = 0; break;
            case "Concurrency": options.Concurrency = 0; break;
            case "MaxDeliveries": options.MaxDeliveries = 0; break;
            case "StartPosition": options.StartPosition = ">"; break;
            default: options.ProcessingTimeout = TimeSpan.Zero; break;
        }

        var error = Assert.Throws<ArgumentException>(() => options.Validate("notifier"));

        Assert.Contains("'notifier'", error.Message, StringComparison.Ordinal);
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamRetention_ToTrim_IsApproximateByLengthOrAge()
    {
        var now = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

        var byLength = StreamRetention.MaxLength(5000).ToTrim(now);
        var byAge = StreamRetention.MaxAge(TimeSpan.FromHours(1)).ToTrim(now);

        Assert.Equal(StreamTrimStrategy.MaxLength, byLength.Strategy);
        Assert.Equal(5000, byLength.Length);
        Assert.True(byLength.Approximate);
        Assert.Equal(StreamTrimStrategy.MinId, byAge.Strategy);
        Assert.Equal((ulong)now.AddHours(-1).ToUnixTimeMilliseconds(), byAge.Id.Milliseconds);
        Assert.True(byAge.Approximate);
    }
}
