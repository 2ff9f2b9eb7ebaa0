using Fleet.Testing;

// One redis-server for the whole assembly; every test uses a stream and an instance name of its own.
[assembly: AssemblyFixture(typeof(RedisServerFixture))]
