using System.ComponentModel.DataAnnotations;

namespace Fleet.Events;

/// <summary>
/// Checks event data against the data annotations on its record ([Required], [Range], [StringLength],
/// [MinLength], [MaxLength], [RegularExpression], or an <see cref="IValidatableObject"/>). The same rules
/// appear in the exported JSON Schema.
/// </summary>
internal static class EventValidator
{
    public static void Validate(string eventType, object data)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(data, new ValidationContext(data), results, validateAllProperties: true))
        {
            return;
        }

        var errors = new List<string>(results.Count);
        foreach (var result in results)
        {
            errors.Add(result.ErrorMessage ?? $"{string.Join(", ", result.MemberNames)} is invalid");
        }

        throw new EventValidationException(eventType, errors);
    }
}
