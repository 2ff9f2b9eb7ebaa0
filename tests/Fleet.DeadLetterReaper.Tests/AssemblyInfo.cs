// One redis-server for the whole assembly; every test uses a key prefix of its own.
[assembly: AssemblyFixture(typeof(RedisServerFixture))]
