using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Fleet.Events;

/// <summary>
/// Checks event data against the data annotations on its record ([Required], [Range], [StringLength],
/// [MinLength], [MaxLength], [RegularExpression], …, and <see cref="IValidatableObject"/>), the same rules the
/// exported JSON Schema carries, and does the same for every nested record, object and collection item of the data,
/// naming each broken rule by its member path (<c>Selection.Limit</c>, <c>Items[2].Name</c>, <c>Prices[ACME].Value</c>).
/// The rules of each type are read once and cached: the framework's
/// <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/>
/// looks them up on every call, which cost more than the rest of a publish, and it never descends into members.
/// </summary>
internal static class EventValidator
{
    // System.Text.Json's default maximum depth: data deeper than this cannot be published or read anyway.
    private const int MaxDepth = 64;

    private static readonly ConcurrentDictionary<Type, TypeRules> Rules = new();

    public static void Validate(string eventType, object data)
    {
        var walk = new Walk();
        walk.Visit(data, string.Empty, 0);
        if (walk.Failures is not null)
        {
            throw new EventValidationException(eventType, walk.Failures);
        }
    }

    private static TypeRules RulesOf(Type type) => Rules.GetOrAdd(type, TypeRules.Read);

    /// <summary>One validation: the failures so far and the objects seen (a cycle or a shared object is checked once).</summary>
    private sealed class Walk
    {
        private HashSet<object>? _seen;

        public List<EventValidationFailure>? Failures { get; private set; }

        public void Visit(object data, string path, int depth)
        {
            var rules = RulesOf(data.GetType());
            var before = Failures?.Count ?? 0;
            foreach (var property in rules.Properties)
            {
                var value = property.Property.GetValue(data);
                var member = Path(path, property.Property.Name);
                foreach (var attribute in property.Attributes)
                {
                    if (Check(attribute, value, data, property.Property.Name, member) is { } error)
                    {
                        Add(member, error);
                    }
                }
            }

            // As the framework's validator: an object's own IValidatableObject rules only once its members passed.
            if (data is IValidatableObject validatable && (Failures?.Count ?? 0) == before)
            {
                foreach (var result in validatable.Validate(new ValidationContext(data)))
                {
                    var message = result.ErrorMessage ?? $"{string.Join(", ", result.MemberNames)} is invalid";
                    var member = result.MemberNames.FirstOrDefault() is { Length: > 0 } name ? Path(path, name) : path;
                    Add(member, path.Length == 0 ? message : $"{path}: {message}");
                }
            }

            if (depth >= MaxDepth || rules.Nested.Length == 0)
            {
                return;
            }

            if (depth == 0 && !data.GetType().IsValueType)
            {
                // The root too, so that a member pointing back at it ends the walk (allocated only for nested data).
                (_seen ??= new HashSet<object>(ReferenceEqualityComparer.Instance)).Add(data);
            }

            foreach (var nested in rules.Nested)
            {
                if (nested.GetValue(data) is { } value)
                {
                    VisitMember(value, nested.Kind, Path(path, nested.Name), depth + 1);
                }
            }
        }

        private void VisitMember(object value, NestedKind kind, string path, int depth)
        {
            switch (kind)
            {
                case NestedKind.Object:
                    VisitOnce(value, path, depth);
                    break;
                case NestedKind.Dictionary when value is IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Value is { } item)
                        {
                            VisitOnce(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{entry.Key}]"), depth);
                        }
                    }

                    break;
                case NestedKind.Collection or NestedKind.Dictionary when value is IEnumerable items:
                    var index = 0;
                    foreach (var item in items)
                    {
                        if (item is not null)
                        {
                            // A read-only dictionary that is not an IDictionary enumerates pairs: its values hold the rules.
                            var (key, element) = Unpair(item);
                            if (element is not null)
                            {
                                VisitOnce(element, string.Create(CultureInfo.InvariantCulture, $"{path}[{key ?? index}]"), depth);
                            }
                        }

                        index++;
                    }

                    break;
            }
        }

        private void VisitOnce(object value, string path, int depth)
        {
            if (TypeRules.IsLeaf(value.GetType()))
            {
                return;
            }

            if (!value.GetType().IsValueType && !(_seen ??= new HashSet<object>(ReferenceEqualityComparer.Instance)).Add(value))
            {
                return;
            }

            Visit(value, path, depth);
        }

        private void Add(string member, string message) => (Failures ??= []).Add(new EventValidationFailure(member, message));

        private static (object? Key, object? Value) Unpair(object item)
        {
            var type = item.GetType();
            return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
                ? (type.GetProperty("Key")!.GetValue(item), type.GetProperty("Value")!.GetValue(item))
                : (null, item);
        }

        private static string Path(string parent, string member) => parent.Length == 0 ? member : string.Concat(parent, ".", member);
    }

    private static string? Check(ValidationAttribute attribute, object? value, object data, string name, string member)
    {
        if (!attribute.RequiresValidationContext)
        {
            return attribute.IsValid(value) ? null : attribute.FormatErrorMessage(member);
        }

        var result = attribute.GetValidationResult(value, new ValidationContext(data) { MemberName = name, DisplayName = member });
        return result == ValidationResult.Success ? null : result?.ErrorMessage ?? $"{member} is invalid";
    }

    private enum NestedKind
    {
        Object,
        Collection,
        Dictionary,
    }

    private sealed record PropertyRules(PropertyInfo Property, ValidationAttribute[] Attributes);

    /// <summary>A member whose value may hold rules of its own: a record or object, or a collection or dictionary of them.</summary>
    private sealed record NestedMember(PropertyInfo Property, NestedKind Kind)
    {
        public string Name => Property.Name;

        public object? GetValue(object data) => Property.GetValue(data);
    }

    private sealed record TypeRules(PropertyRules[] Properties, NestedMember[] Nested, bool SelfValidating)
    {
        // The types being read on this thread: a member of a type under way (a cycle) is kept, not looked into.
        [ThreadStatic]
        private static HashSet<Type>? t_reading;

        /// <summary>Nothing to check on this type or below it.</summary>
        public bool IsEmpty => Properties.Length == 0 && Nested.Length == 0 && !SelfValidating;

        public static TypeRules Read(Type type)
        {
            var reading = t_reading ??= [];
            reading.Add(type);
            try
            {
                var properties = new List<PropertyRules>();
                var nested = new List<NestedMember>();
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

                    if (KindOf(property.PropertyType) is { } kind)
                    {
                        nested.Add(new NestedMember(property, kind));
                    }
                }

                return new TypeRules([.. properties], [.. nested], typeof(IValidatableObject).IsAssignableFrom(type));
            }
            finally
            {
                reading.Remove(type);
            }
        }

        /// <summary>
        /// Types that carry no annotations of their own: numbers, text, times, ids, enums, and the framework's types (JSON
        /// nodes among them). Records and classes of the event contracts are not leaves.
        /// </summary>
        public static bool IsLeaf(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type.IsPrimitive || type.IsEnum || type.IsPointer || type == typeof(string) || type == typeof(object)
                || (IsFramework(type) && !typeof(IEnumerable).IsAssignableFrom(type))
                || type.Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true;
        }

        private static NestedKind? KindOf(Type type)
        {
            if (IsLeaf(type))
            {
                return null;
            }

            if (!typeof(IEnumerable).IsAssignableFrom(type))
            {
                return MayHoldRules(type) ? NestedKind.Object : null;
            }

            if ((Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
            {
                return MayHoldRules(dictionary.GetGenericArguments()[1]) ? NestedKind.Dictionary : null;
            }

            // A collection of unknown items (IEnumerable, object) is looked at item by item.
            var element = type.IsArray ? type.GetElementType() : Generic(type, typeof(IEnumerable<>))?.GetGenericArguments()[0];
            return element is null || element == type || MayHoldRules(element) ? NestedKind.Collection : null;
        }

        /// <summary>
        /// Whether a value declared as <paramref name="type"/> can break a rule: not a leaf, and for a sealed type or a
        /// struct (whose values are all of that type), one with rules somewhere. An open class or interface may hold a
        /// derived type with rules, so it is looked at.
        /// </summary>
        private static bool MayHoldRules(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(object))
            {
                return true;
            }

            if (IsLeaf(type))
            {
                return false;
            }

            if (typeof(IEnumerable).IsAssignableFrom(type))
            {
                return KindOf(type) is not null;
            }

            return !(type.IsValueType || type.IsSealed) || t_reading?.Contains(type) == true || !RulesOf(type).IsEmpty;
        }

        private static bool IsFramework(Type type) =>
            type.Assembly == typeof(object).Assembly
            || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true
            || type.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true;

        private static Type? Generic(Type type, Type definition) =>
            type.IsGenericType && type.GetGenericTypeDefinition() == definition
                ? type
                : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
    }
}
