using System.Net;
using Fleet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Hosting.Tests;

/// <summary>
/// A Fleet service running in the test process through RunFleetServiceAsync on a port the OS chose, with an HTTP client
/// on that port. Dispose stops it the way SIGTERM does (StopApplication) and checks the exit code.
/// </summary>
internal sealed class RunningService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Task<int> _run;
    private readonly StringWriter _errors = new();

    private RunningService(WebApplication app)
    {
        _app = app;
        _run = FleetApplicationExtensions.RunAsync(app, _errors);
    }

    /// <summary>A client on the service's HTTP port.</summary>
    public HttpClient Http { get; } = new();

    /// <summary>The service's container.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts <paramref name="app"/> and waits until it listens.</summary>
    public static async Task<RunningService> StartAsync(WebApplication app)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Lifetime.ApplicationStarted.Register(started.SetResult);
        var service = new RunningService(app);
        if (await Task.WhenAny(started.Task, service._run).WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken) != started.Task)
        {
            throw new InvalidOperationException($"The service exited with {await service._run} before it started: {service._errors}");
        }

        var address = app.Urls.Single();
        service.Http.BaseAddress = new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), "/");
        return service;
    }

    /// <summary>GET <paramref name="path"/>: the status code and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Stops the service as SIGTERM would and returns RunFleetServiceAsync's exit code.</summary>
    public async Task<int> StopAsync()
    {
        _app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        return await _run.WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        Http.Dispose();
        await _errors.DisposeAsync();
    }
}
