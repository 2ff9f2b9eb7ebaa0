using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Fleet.Hosting.Configuration;

/// <summary>
/// Turns what a start fails with because of configuration into the lines a user reads on stderr: one per problem,
/// naming the option, without a stack trace. Anything else (a bug, a port in use) is not a configuration error.
/// </summary>
internal static partial class ConfigurationErrorReport
{
    /// <summary>The start of every line.</summary>
    public const string Prefix = "Configuration error: ";

    /// <summary>
    /// The problems <paramref name="error"/> reports: every failure of an <see cref="OptionsValidationException"/>
    /// (ValidateOnStart aggregates several into an <see cref="AggregateException"/>), or the configuration binder's
    /// "Failed to convert configuration value" (a value of the wrong type, thrown when the options are first built).
    /// Null when <paramref name="error"/> is not about configuration.
    /// </summary>
    public static IReadOnlyList<string>? Problems(Exception error)
    {
        switch (error)
        {
            case OptionsValidationException validation:
                return [.. validation.Failures.Select(OneLine)];
            case AggregateException aggregate:
                var problems = new List<string>();
                foreach (var inner in aggregate.Flatten().InnerExceptions)
                {
                    if (Problems(inner) is not { } found)
                    {
                        return null;
                    }

                    problems.AddRange(found);
                }

                return problems;
            case InvalidOperationException when BindingFailure().Match(error.Message) is { Success: true } match:
                return [$"{match.Groups["path"].Value} must be {Expected(match.Groups["type"].Value)}, not '{match.Groups["value"].Value}'."];
            default:
                return error.InnerException is { } cause && error is TargetInvocationException or TypeInitializationException ? Problems(cause) : null;
        }
    }

    private static string OneLine(string failure) => failure.ReplaceLineEndings(" ").Trim();

    /// <summary>What a value of <paramref name="typeName"/> looks like, in the words of a settings page.</summary>
    private static string Expected(string typeName)
    {
        var type = Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        if (type is { IsEnum: true })
        {
            return "one of " + string.Join(", ", Enum.GetNames(type));
        }

        return typeName switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a time span such as 00:00:30",
            "System.Uri" => "an absolute URI",
            _ => $"a valid {type?.Name ?? typeName}",
        };
    }

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']*)' to type '(?<type>[^']*)'\.", RegexOptions.Singleline)]
    private static partial Regex BindingFailure();
}
