using Fleet.Chaos;

// The chaos suite's processes (docs/chaos.md): `publish` or `consume`, configured by --name value pairs or CHAOS_* variables.
try
{
    var arguments = ChaosArguments.Parse(args);
    return arguments.Role switch
    {
        "publish" => await PublisherRole.RunAsync(arguments),
        "consume" => await ConsumerRole.RunAsync(arguments),
        _ => throw new ArgumentException($"Unknown role '{arguments.Role}': publish or consume."),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
