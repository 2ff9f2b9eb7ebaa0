using Fleet.Benchmarks.Archive;
using Fleet.Benchmarks.Events;
using Fleet.Benchmarks.Fleet;
using Fleet.Benchmarks.Gateway;
using Fleet.Benchmarks.Market;
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

// `--suite redis`, `--suite events`, `--suite fleet`, `--suite market`, `--suite archive`, `--suite outbox` or `--suite decode` runs one suite;
// by default all run.
// `--suite pipeline` (only the events suite's pipeline, `--runs N` times), `--suite ulid` and `--suite model` (the embedding
// model at several batch sizes) run only when named.
var suite = "all";
var runs = 3;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--suite")
    {
        suite = args[i + 1];
    }
    else if (args[i] == "--runs")
    {
        runs = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
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

// `--suite fleet`: the built services as processes (bench-results/fleet.json and .md).
if (suite is "all" or "fleet")
{
    met &= await FleetSuite.RunAsync(output);
}

// `--suite market`: market-monitor (two replicas) and dead-letter-reaper as processes (bench-results/market.json and .md).
if (suite is "all" or "market")
{
    met &= await MarketSuite.RunAsync(output);
}

// `--suite gateway`: the event-gateway as a process under wrk (bench-results/gateway.json and .md).
if (suite is "all" or "gateway")
{
    met &= await GatewaySuite.RunAsync(output);
}

// `--suite archive`: event-gateway's archiver and archive queries on a PostgreSQL it starts (bench-results/archive.json and .md).
if (suite is "all" or "archive")
{
    met &= await ArchiveSuite.RunAsync(output);
}

if (suite is "all" or "outbox")
{
    met &= await OutboxSuite.RunAsync(output);
}

if (suite is "all" or "decode")
{
    met &= await DecodeSuite.RunAsync(output);
}

if (suite is "model")
{
    met &= await ModelSuite.RunAsync(output);
}

if (suite is "pipeline")
{
    met &= await PipelineSuite.RunAsync(output, runs);
}

if (suite is "ulid")
{
    met &= await UlidSuite.RunAsync(output);
}

Console.WriteLine(met ? "All benchmark targets met." : "Some benchmark targets were NOT met; see the table above.");
return 0;
