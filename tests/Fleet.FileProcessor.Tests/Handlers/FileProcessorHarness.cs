using Fleet.Contracts;
using Fleet.Events;
using Fleet.FileProcessor.Handlers;
using Fleet.FileProcessor.Tests.Samples;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.FileProcessor.Tests.Handlers;

/// <summary>
/// file-processor's handlers in a Generic Host on a real redis-server, as Program.cs registers them, with the test's
/// <see cref="EmbeddingResponder"/> beside them. Each harness has its own key prefix (so tests share one server), its own
/// storage root, and optionally a fake clock for the embedding wait.
/// </summary>
internal sealed class FileProcessorHarness : IAsyncDisposable
{
    public const string UserId = "user-1";

    private readonly RedisServer _server;
    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private readonly DirectoryInfo _storage = Directory.CreateTempSubdirectory("fleet-fp-");
    private readonly string _instance = "fp-" + Guid.NewGuid().ToString("N")[..8];
    private RedisClient? _client;
    private IHost? _host;

    public FileProcessorHarness(RedisServer server, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        _server = server;
        _time = time;
        Prefix = "t" + Guid.NewGuid().ToString("N")[..10] + ":";
        Keys = new StreamKeys(Prefix);
        Contract = new ContractKeys(Keys);
        _settings = new Dictionary<string, string?>
        {
            ["FileProcessor:StorageRoot"] = _storage.FullName,
            ["FileProcessor:ChunkSize"] = "1000",
            ["FileProcessor:ChunkOverlap"] = "150",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string Prefix { get; }

    public StreamKeys Keys { get; }

    public ContractKeys Contract { get; }

    public string StorageRoot => _storage.FullName;

    public EmbeddingResponder Responder { get; } = new();

    public LogCapture Logs { get; private set; } = new();

    public RedisClient Redis => _client ?? throw new InvalidOperationException("StartAsync first.");

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("StartAsync first.");

    /// <summary>Starts the host, on <paramref name="time"/> when given, else on the clock the harness was made with.</summary>
    public async Task StartAsync(TimeProvider? time = null)
    {
        time ??= _time;
        _client ??= RedisClient.Create(_server.Url);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Logging.ClearProviders();
        Logs = new LogCapture();
        builder.Logging.AddProvider(Logs);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSingleton(_client);
        var events = builder.Services.AddFleetEvents(o =>
            {
                o.KeyPrefix = Prefix;
                o.InstanceName = _instance;
            })
            .UseRedis(_client)
            .AddFleetContracts()
            .AddConsumerGroup(FleetStreams.Contextual, FileProcessorGroup.Name, group => group
                .Configure(FileProcessorGroup.Options(builder.Configuration))
                .Configure(o => o.BlockTimeout = TimeSpan.FromMilliseconds(500))
                .Handle<FileUploaded, FileUploadedHandler>(partitionKey: e => e.FileId))
            .AddConsumerGroup(FleetStreams.User, FileProcessorGroup.Name, group => group
                .Configure(o => o.BlockTimeout = TimeSpan.FromMilliseconds(500))
                .Handle<UserTierChanged, UserTierChangedHandler>(partitionKey: e => e.UserId));
        Responder.Register(events);
        builder.Services.AddFileProcessing(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync(TestContext.Current.CancellationToken);
    }

    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
            _host = null;
        }
    }

    /// <summary>Stores <paramref name="content"/> as the upload service would and publishes its <c>file.uploaded</c>.</summary>
    public async Task<(FileUploaded Upload, Ulid EventId)> UploadAsync(
        string fileName,
        byte[]? content,
        string mimeType,
        long? declaredSize = null,
        string? storageUri = null,
        Priority priority = Priority.Normal)
    {
        var fileId = Ulid.NewUlid().ToString();
        var directory = Directory.CreateDirectory(Path.Combine(StorageRoot, UserId));
        var path = Path.Combine(directory.FullName, fileId + "-" + fileName);
        if (content is not null)
        {
            await File.WriteAllBytesAsync(path, content, TestContext.Current.CancellationToken);
        }

        var upload = new FileUploaded(fileId, UserId, fileName, declaredSize ?? content?.Length ?? 0, mimeType, storageUri ?? new Uri(path).AbsoluteUri, priority);
        var result = await Services.GetRequiredService<IEventPublisher>().PublishAsync(
            FleetStreams.Contextual, upload, new PublishOptions { UserId = UserId }, TestContext.Current.CancellationToken);
        return (upload, result.EventId);
    }

    /// <summary>Uploads sample <paramref name="name"/> of samples/files/.</summary>
    public Task<(FileUploaded Upload, Ulid EventId)> UploadSampleAsync(string name, string mimeType, Priority priority = Priority.Normal) =>
        UploadAsync(name, SampleFiles.Read(name), mimeType, priority: priority);

    public async Task<IReadOnlyList<RecordedEvent>> EventsAsync(string stream) =>
        [.. (await Redis.XRangeAsync(Keys.Stream(stream), cancellationToken: TestContext.Current.CancellationToken)).Select(RecordedEvent.From)];

    public async Task<IReadOnlyList<StreamEntry>> DeadLettersAsync(string stream) =>
        await Redis.XRangeAsync(Keys.DeadLetters(stream), cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The events of <paramref name="stream"/> caused by <paramref name="eventId"/>, once one of <paramref name="type"/> is there.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> WaitForAsync(string stream, string type, Ulid eventId)
    {
        var cause = eventId.ToString();
        return await Eventually.UntilAsync(
            async () => (IReadOnlyList<RecordedEvent>)[.. (await EventsAsync(stream)).Where(e => e.CausationId == cause)],
            events => events.Any(e => e.Type == type),
            $"{stream} holds a {type} event caused by {cause}");
    }

    /// <summary>Entries of the upload stream pending in file-processor's group.</summary>
    public async Task<long> PendingUploadsAsync() =>
        (await Redis.XPendingAsync(Keys.Stream(FleetStreams.Contextual), FileProcessorGroup.Name, TestContext.Current.CancellationToken)).Count;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        _storage.Delete(recursive: true);
    }
}
