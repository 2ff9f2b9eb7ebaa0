using Fleet.Benchmarks.Events;
using Fleet.Benchmarks.Model;
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

// `--suite redis`, `--suite events`, `--suite outbox` or `--suite decode` (or `--suite model`) runs one suite; by default all run.
var suite = "all";
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--suite")
    {
        suite = args[i + 1];
    }
}

var met = true;
if (suite is "all" or "redis")
{
    met &= await RedisClientSuite.RunAsync(output);
}

if (suite is "all" or "events")
{
    met &= await EventsSuite.RunAsync(output);
}

if (suite is "all" or "outbox")
{
    met &= await OutboxSuite.RunAsync(output);
}

if (suite is "all" or "decode")
{
    met &= await DecodeSuite.RunAsync(output);
}

if (suite is "all" or "model")
{
    met &= await ModelSuite.RunAsync(output);
}

Console.WriteLine(met ? "All benchmark targets met." : "Some benchmark targets were NOT met; see the table above.");
return 0;
