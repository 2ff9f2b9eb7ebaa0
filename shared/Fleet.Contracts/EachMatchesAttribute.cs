using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Fleet.Contracts;

/// <summary>
/// Every item of a collection of strings matches <see cref="Pattern"/> (a null collection or an empty one is valid;
/// pair it with <c>[Required]</c> or <c>[MinLength]</c>). <see cref="RegularExpressionAttribute"/> checks one string
/// only; as an attribute this rule is checked with the record's other member rules, so one validation names it together
/// with them, which an <see cref="IValidatableObject"/> rule (checked only once the members passed) does not.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class EachMatchesAttribute : ValidationAttribute
{
    private readonly Regex _regex;

    /// <summary>Creates the rule for <paramref name="pattern"/>, e.g. <see cref="Ids.EntryIdPattern"/>.</summary>
    public EachMatchesAttribute(string pattern)
        : base("Every item of {0} must match {1}.")
    {
        Pattern = pattern;
        _regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The regular expression each item must match.</summary>
    public string Pattern { get; }

    /// <inheritdoc />
    public override bool IsValid(object? value) =>
        value is null || (value is IEnumerable items && items.Cast<object?>().All(item => item is string text && _regex.IsMatch(text)));

    /// <inheritdoc />
    public override string FormatErrorMessage(string name) => string.Format(System.Globalization.CultureInfo.CurrentCulture, ErrorMessageString, name, Pattern);
}
