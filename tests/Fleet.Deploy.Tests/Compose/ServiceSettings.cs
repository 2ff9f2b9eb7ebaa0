using System.ComponentModel;
using System.Reflection;
using System.Runtime.Loader;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Compose;

/// <summary>
/// The settings a built service binds, read from its own assemblies by reflection: every options class declares its
/// configuration section as a <c>const string Section</c> (or <c>ConfigurationSection</c>), connection strings are named
/// by constants <c>"ConnectionStrings:…"</c>, and Fleet.Hosting reads the <c>OTEL_*</c> variables of docs/hosting.md.
/// A setting binds when its path walks the section's properties the way the configuration binder does.
/// </summary>
internal sealed class ServiceSettings
{
    /// <summary>The OpenTelemetry variables Fleet.Hosting documents (docs/hosting.md, "OpenTelemetry").</summary>
    private static readonly HashSet<string> OpenTelemetryVariables = new(StringComparer.Ordinal)
    {
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TIMEOUT",
        "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
    };

    private readonly Dictionary<string, Type> _sections;
    private readonly HashSet<string> _connectionStrings;

    private ServiceSettings(Dictionary<string, Type> sections, HashSet<string> connectionStrings)
    {
        _sections = sections;
        _connectionStrings = connectionStrings;
    }

    /// <summary>The configuration sections found, for messages.</summary>
    public IEnumerable<string> Sections => _sections.Keys;

    /// <summary>Reads the settings of <paramref name="service"/>'s build (services/&lt;service&gt;/bin/…).</summary>
    public static ServiceSettings Of(string service)
    {
        var context = new ServiceLoadContext(ServiceBinaries.DllOf(service));
        var entry = context.LoadFromAssemblyPath(ServiceBinaries.DllOf(service));
        var assemblies = new[] { entry, context.LoadFromAssemblyName(new AssemblyName("Fleet.Hosting")), context.LoadFromAssemblyName(new AssemblyName("Fleet.Events")) };
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        var connectionStrings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in assemblies.SelectMany(LoadableTypes))
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static).Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string)))
            {
                var value = (string)field.GetRawConstantValue()!;
                if (field.Name is "Section" or "ConfigurationSection")
                {
                    // Fleet.Events declares its section on the extension class that binds FleetEventsOptions.
                    sections[value] = type.IsAbstract && type.IsSealed ? OptionsOfStaticBinder(type, value) : type;
                }
                else if (value.StartsWith("ConnectionStrings:", StringComparison.Ordinal))
                {
                    connectionStrings.Add(value);
                }
            }
        }

        return new ServiceSettings(sections, connectionStrings);
    }

    /// <summary>Null when environment variable <paramref name="variable"/> is a setting the service binds, else why not.</summary>
    public string? Problem(string variable)
    {
        if (variable.StartsWith("OTEL_", StringComparison.Ordinal))
        {
            return OpenTelemetryVariables.Contains(variable) ? null : $"{variable} is not an OpenTelemetry variable Fleet.Hosting reads";
        }

        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
        {
            return _connectionStrings.Contains(key) ? null : $"{variable}: the service reads the connection strings {string.Join(", ", _connectionStrings)} only";
        }

        var section = _sections.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
        if (section is null)
        {
            return $"{variable}: no options section of the service starts it (sections: {string.Join(", ", _sections.Keys)})";
        }

        var type = _sections[section];
        foreach (var segment in key[(section.Length + 1)..].Split(':'))
        {
            if (ElementType(type, segment) is { } element)
            {
                type = element;
                continue;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || (property.SetMethod is not { IsPublic: true } && !IsComplex(property.PropertyType)))
            {
                return $"{variable}: {type.Name} (section {section}) has no settable property '{segment}'";
            }

            type = property.PropertyType;
        }

        return TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).CanConvertFrom(typeof(string)) || type == typeof(string)
            ? null
            : $"{variable}: {type.Name} is not a value the binder makes from a string";
    }

    /// <summary>The element type when <paramref name="type"/> is a dictionary keyed by strings, or a collection and <paramref name="segment"/> an index.</summary>
    private static Type? ElementType(Type type, string segment)
    {
        if (type.IsArray)
        {
            return int.TryParse(segment, out _) ? type.GetElementType() : null;
        }

        var generic = type.GetInterfaces().Append(type).Where(i => i.IsGenericType).Select(i => (Definition: i.GetGenericTypeDefinition(), Arguments: i.GetGenericArguments())).ToList();
        if (generic.FirstOrDefault(g => g.Definition == typeof(IDictionary<,>)) is { Arguments: [var key, var value] } && key == typeof(string))
        {
            return value;
        }

        return generic.FirstOrDefault(g => g.Definition == typeof(ICollection<>)) is { Arguments: [var item] } && int.TryParse(segment, out _) ? item : null;
    }

    private static bool IsComplex(Type type) => type.IsClass && type != typeof(string);

    /// <summary>The options type a static extension class binds to its section: the one named by the section's last part.</summary>
    private static Type OptionsOfStaticBinder(Type binder, string section) =>
        binder.Assembly.GetTypes().Single(t => t.Name == "Fleet" + section.Split(':')[^1] + "Options" || t.Name == section.Split(':')[^1] + "Options");

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // Types deriving from ASP.NET Core types the test host does not load; options classes are plain.
            return e.Types.OfType<Type>();
        }
    }

    /// <summary>Loads a service's assemblies from its build folder (its deps.json), ASP.NET Core from the shared framework.</summary>
    private sealed class ServiceLoadContext(string entryPath) : AssemblyLoadContext($"settings-{Path.GetFileNameWithoutExtension(entryPath)}", isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(entryPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (_resolver.ResolveAssemblyToPath(assemblyName) is { } path)
            {
                return LoadFromAssemblyPath(path);
            }

            // Microsoft.AspNetCore.App sits next to Microsoft.NETCore.App, in the same version folder.
            var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var aspNet = Path.Combine(runtime, "..", "..", "Microsoft.AspNetCore.App", Path.GetFileName(runtime), assemblyName.Name + ".dll");
            return File.Exists(aspNet) ? LoadFromAssemblyPath(Path.GetFullPath(aspNet)) : null;
        }
    }
}
