using Fleet.EmbeddingGenerator.Tests.Embeddings;
using Fleet.Testing;

// One redis-server and one loaded model (about 5 s and 300 MB) for the whole run.
[assembly: AssemblyFixture(typeof(RedisServerFixture))]
[assembly: AssemblyFixture(typeof(ModelFixture))]
