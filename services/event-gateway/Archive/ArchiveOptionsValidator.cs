using System.Globalization;
using Fleet.Events;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// Checks <see cref="ArchiveOptions"/> and <c>ConnectionStrings:Archive</c> at start; each failure names the option
/// (<c>Archive:Property</c>) and never shows the database password.
/// </summary>
internal sealed class ArchiveOptionsValidator : IValidateOptions<ArchiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (ArchiveConnectionString.Problem(options.ConnectionString) is { } problem)
        {
            failures.Add(problem);
        }

        for (var i = 0; i < options.Streams.Count; i++)
        {
            if (!IsStreamName(options.Streams[i]))
            {
                failures.Add(Invariant($"Archive:Streams:{i} must be a stream name such as contextual.events (lower-case letters, digits, '.', '_', '-'); got '{options.Streams[i]}'."));
            }
        }

        CheckPatterns("Archive:IncludeTypes", options.IncludeTypes, failures);
        CheckPatterns("Archive:ExcludeTypes", options.ExcludeTypes, failures);
        foreach (var (stream, filter) in options.StreamTypes)
        {
            if (!IsStreamName(stream))
            {
                failures.Add(Invariant($"Archive:StreamTypes:{stream} must be keyed by a stream name such as contextual.events."));
            }

            CheckPatterns($"Archive:StreamTypes:{stream}:IncludeTypes", filter.IncludeTypes, failures);
            CheckPatterns($"Archive:StreamTypes:{stream}:ExcludeTypes", filter.ExcludeTypes, failures);
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add(Invariant($"Archive:BatchSize must be between 1 and 10000; got {options.BatchSize}."));
        }

        if (options.ReadBlock < TimeSpan.FromMilliseconds(1) || options.ReadBlock > TimeSpan.FromSeconds(30))
        {
            failures.Add(Invariant($"Archive:ReadBlock must be between 00:00:00.001 and 00:00:30; got {options.ReadBlock:c}."));
        }

        if (options.ClaimIdleTime < TimeSpan.FromSeconds(1))
        {
            failures.Add(Invariant($"Archive:ClaimIdleTime must be at least 00:00:01; got {options.ClaimIdleTime:c}."));
        }

        if (options.ClaimInterval < TimeSpan.FromMilliseconds(100) || options.ClaimInterval > TimeSpan.FromHours(1))
        {
            failures.Add(Invariant($"Archive:ClaimInterval must be between 00:00:00.100 and 01:00:00; got {options.ClaimInterval:c}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPatterns(string option, List<string> patterns, List<string> failures)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (!ArchiveTypeFilter.IsPattern(patterns[i]))
            {
                failures.Add(Invariant($"{option}:{i} must be an event type (file.uploaded), a prefix ending in .* (market.*) or *; got '{patterns[i]}'."));
            }
        }
    }

    private static bool IsStreamName(string name)
    {
        try
        {
            StreamKeys.Validate(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
