using System.Diagnostics;
using Fleet.Testing;

namespace Fleet.Ctl.Tests;

/// <summary>
/// Colour only on a terminal: fleetctl run under a pseudo-terminal (util-linux's <c>script</c>, part of every Debian)
/// colours its output, and NO_COLOR turns the colour off there too. Redirected output has none (every other test checks).
/// </summary>
public sealed class TerminalColourTests
{
    // Spectre.Console's 256-colour foreground sequence; NO_COLOR may still leave bold and underline.
    private const string ColourSequence = "\u001b[38;5;";

    [Fact]
    public async Task OnATerminal_HelpIsColoured_AndNoColorRemovesTheColour()
    {
        Assert.Contains(ColourSequence, await RunOnTerminalAsync(noColor: false), StringComparison.Ordinal);
        Assert.DoesNotContain(ColourSequence, await RunOnTerminalAsync(noColor: true), StringComparison.Ordinal);
    }

    private static async Task<string> RunOnTerminalAsync(bool noColor)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-q", "-e", "-c", $"'{dotnet}' '{FleetCtl.Dll}' tail --help", "/dev/null" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("NO_COLOR");
        if (noColor)
        {
            info.Environment["NO_COLOR"] = "1";
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("script did not start (util-linux's script is needed).");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"fleetctl under script exited {process.ExitCode}: {await output}");
        return await output;
    }
}
