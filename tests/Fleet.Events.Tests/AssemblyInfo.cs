using Fleet.Testing;

// One redis-server for the whole assembly; every test uses streams of its own (TestStreams.Unique).
[assembly: AssemblyFixture(typeof(RedisServerFixture))]
