
namespace Fleet.Ctl.Output;

/// <summary>
/// Where fleetctl writes: results on stdout, messages on stderr. Spectre.Console decides colour per stream (none when
/// redirected, none with NO_COLOR); a redirected stream also gets no line wrapping, so a script reads whole lines.
/// </summary>
internal sealed class Terminal
{
    // Wide enough that Spectre never wraps a line or squeezes a table for a file or a pipe.
    private const int RedirectedWidth = 4096;

    private Terminal(IAnsiConsole output, IAnsiConsole errors, TextWriter plain)
    {
        Out = output;
        Error = errors;
        Plain = plain;
    }

    /// <summary>The process's stdout and stderr.</summary>
    public static Terminal Standard { get; } = new(
        Create(Console.Out, Console.IsOutputRedirected),
        Create(Console.Error, Console.IsErrorRedirected),
        Console.Out);

    /// <summary>Results: tables, readable lines (markup).</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Messages: errors, progress, prompts.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>stdout without markup, for JSON lines and files' contents.</summary>
    public TextWriter Plain { get; }

    /// <summary>Writes <paramref name="message"/> (plain text, not markup) as an error line on stderr.</summary>
    public void WriteError(string message) => Error.MarkupLineInterpolated($"[red]fleetctl: {message}[/]");

    /// <summary>Writes a plain informational line on stderr, so stdout keeps only results.</summary>
    public void WriteNote(string message) => Error.MarkupLineInterpolated($"[grey]{message}[/]");

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
