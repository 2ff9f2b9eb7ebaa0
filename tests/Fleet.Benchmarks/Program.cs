using Fleet.Benchmarks.Redis;

// `make bench`: every suite against a redis-server it starts; results in --output (default bench-results/).
var output = "bench-results";
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--output")
    {
        output = args[i + 1];
    }
}

var met = await RedisClientSuite.RunAsync(output);
Console.WriteLine(met ? "All benchmark targets met." : "Some benchmark targets were NOT met; see the table above.");
return 0;
