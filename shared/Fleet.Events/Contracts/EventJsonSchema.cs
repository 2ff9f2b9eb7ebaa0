using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Fleet.Events;

/// <summary>
/// Exports a registered type's JSON Schema from its source-generated contract (<see cref="JsonSchemaExporter"/>)
/// and adds the keywords its data annotations imply, so a producer in another language validates what
/// <see cref="EventValidator"/> checks here.
/// </summary>
internal static class EventJsonSchema
{
    public static JsonObject Export(EventTypeDescriptor descriptor)
    {
        var options = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = AddAnnotations,
        };
        var schema = (JsonObject)descriptor.TypeInfo.GetJsonSchemaAsNode(options);
        var result = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"urn:fleet:event:{descriptor.Name}:v{descriptor.Version}",
            ["title"] = descriptor.Name,
            ["x-fleet-version"] = descriptor.Version,
        };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            result[key] = value;
        }

        return result;
    }

    private static JsonNode AddAnnotations(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (context.PropertyInfo is null && schema is JsonObject objectSchema && context.TypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
        {
            AddRequiredMembers(context.TypeInfo, objectSchema);
            return schema;
        }

        if (context.PropertyInfo?.AttributeProvider is not { } provider || schema is not JsonObject node)
        {
            return schema;
        }

        foreach (var attribute in provider.GetCustomAttributes(typeof(ValidationAttribute), inherit: true))
        {
            switch (attribute)
            {
                case RangeAttribute range:
                    node["minimum"] = JsonValue.Create(Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture));
                    node["maximum"] = JsonValue.Create(Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case StringLengthAttribute length:
                    node["maxLength"] = length.MaximumLength;
                    if (length.MinimumLength > 0)
                    {
                        node["minLength"] = length.MinimumLength;
                    }

                    break;
                case MinLengthAttribute min:
                    node[IsArray(node) ? "minItems" : "minLength"] = min.Length;
                    break;
                case MaxLengthAttribute max:
                    node[IsArray(node) ? "maxItems" : "maxLength"] = max.Length;
                    break;
                case RegularExpressionAttribute regex:
                    node["pattern"] = regex.Pattern;
                    break;
                case RequiredAttribute { AllowEmptyStrings: false } when !node.ContainsKey("minLength") && IsString(node):
                    node["minLength"] = 1;
                    break;
                default:
                    break;
            }
        }

        return node;
    }

    // [Required] members are required in the schema too, not only C# `required` members (which the exporter lists).
    private static void AddRequiredMembers(System.Text.Json.Serialization.Metadata.JsonTypeInfo typeInfo, JsonObject schema)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) != true)
            {
                continue;
            }

            var required = schema["required"] as JsonArray;
            if (required is null)
            {
                required = [];
                schema["required"] = required;
            }

            if (!required.Any(r => r?.GetValue<string>() == property.Name))
            {
                required.Add(property.Name);
            }
        }
    }

    private static bool IsArray(JsonObject node) => HasType(node, "array");

    private static bool IsString(JsonObject node) => HasType(node, "string");

    private static bool HasType(JsonObject node, string type) => node["type"] switch
    {
        JsonValue value => value.GetValue<string>() == type,
        JsonArray types => types.Any(t => t?.GetValue<string>() == type),
        _ => false,
    };
}
