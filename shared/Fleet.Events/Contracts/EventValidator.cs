using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Fleet.Events;

/// <summary>
/// Checks event data against the data annotations on its record ([Required], [Range], [StringLength],
/// [MinLength], [MaxLength], [RegularExpression], …, and <see cref="IValidatableObject"/>), the same rules the
/// exported JSON Schema carries. The rules of each type are read once and cached: the framework's
/// <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/>
/// looks them up on every call, which cost more than the rest of a publish.
/// </summary>
internal static class EventValidator
{
    private static readonly ConcurrentDictionary<Type, TypeRules> Rules = new();

    public static void Validate(string eventType, object data)
    {
        var rules = Rules.GetOrAdd(data.GetType(), TypeRules.Read);
        List<string>? errors = null;
        foreach (var property in rules.Properties)
        {
            var value = property.Property.GetValue(data);
            foreach (var attribute in property.Attributes)
            {
                var error = Check(attribute, value, data, property.Property.Name);
                if (error is not null)
                {
                    (errors ??= []).Add(error);
                }
            }
        }

        if (data is IValidatableObject validatable && errors is null)
        {
            foreach (var result in validatable.Validate(new ValidationContext(data)))
            {
                (errors ??= []).Add(result.ErrorMessage ?? $"{string.Join(", ", result.MemberNames)} is invalid");
            }
        }

        if (errors is not null)
        {
            throw new EventValidationException(eventType, errors);
        }
    }

    private static string? Check(ValidationAttribute attribute, object? value, object data, string member)
    {
        if (!attribute.RequiresValidationContext)
        {
            return attribute.IsValid(value) ? null : attribute.FormatErrorMessage(member);
        }

        var result = attribute.GetValidationResult(value, new ValidationContext(data) { MemberName = member, DisplayName = member });
        return result == ValidationResult.Success ? null : result?.ErrorMessage ?? $"{member} is invalid";
    }

    private sealed record PropertyRules(PropertyInfo Property, ValidationAttribute[] Attributes);

    private sealed record TypeRules(PropertyRules[] Properties)
    {
        public static TypeRules Read(Type type)
        {
            var properties = new List<PropertyRules>();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
                {
                    continue;
                }

                var attributes = property.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
                if (attributes.Length > 0)
                {
                    properties.Add(new PropertyRules(property, attributes));
                }
            }

            return new TypeRules([.. properties]);
        }
    }
}
