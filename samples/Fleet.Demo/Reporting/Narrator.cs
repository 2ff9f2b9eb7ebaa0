namespace Fleet.Demo.Reporting;

/// <summary>
/// Writes the demo's story to stdout, one line at a time from any thread (the stream follower, the webhook receiver
/// and the SMTP sink all report). Marks are coloured only on a terminal, so `make demo > file` stays plain text.
/// </summary>
internal sealed class Narrator(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly bool _colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public const int FileColumn = 14;

    public TimeProvider Time => time;

    /// <summary>A section title.</summary>
    public void Heading(string title) => Write($"{Environment.NewLine}== {title}", ConsoleColor.Cyan);

    /// <summary>A line of the story, stamped with the wall clock.</summary>
    public void Say(string line) => Write($"{time.GetLocalNow():HH:mm:ss.fff}  {line}", null);

    /// <summary>A step of one file's path: its name, the step, the time since its upload and the details.</summary>
    public void Step(string file, string step, TimeSpan sinceUpload, string details, bool failure = false) =>
        Write(
            $"{time.GetLocalNow():HH:mm:ss.fff}  {Fit(file, FileColumn)} {step,-15} {Seconds(sinceUpload),9}  {details}",
            failure ? ConsoleColor.Red : null);

    /// <summary>A plain line (summaries, tables).</summary>
    public void Line(string line = "") => Write(line, null);

    /// <summary>A verdict line: a tick or a cross.</summary>
    public void Verdict(bool ok, string line) =>
        Write($"  {(ok ? "ok  " : "FAIL")}  {line}", ok ? ConsoleColor.Green : ConsoleColor.Red);

    public static string Seconds(TimeSpan span) => $"+{span.TotalSeconds:0.00} s";

    public static string Fit(string text, int width) => text.Length <= width ? text.PadRight(width) : string.Concat(text.AsSpan(0, width - 1), "…");

    private void Write(string line, ConsoleColor? colour)
    {
        lock (_gate)
        {
            if (_colour && colour is { } c)
            {
                Console.ForegroundColor = c;
                Console.WriteLine(line);
                Console.ResetColor();
            }
            else
            {
                Console.WriteLine(line);
            }
        }
    }
}
