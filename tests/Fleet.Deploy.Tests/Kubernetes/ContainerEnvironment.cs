using System.Text;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// The environment the kubelet gives a workload's first container: every ConfigMap of <c>envFrom</c>, then each <c>env</c>
/// entry in order, its <c>$(VAR)</c> references expanded from the variables before it, Secret keys resolved by the caller.
/// </summary>
internal static class ContainerEnvironment
{
    /// <param name="rendered">The objects the workload's ConfigMaps are in.</param>
    /// <param name="workload">A Deployment or StatefulSet.</param>
    /// <param name="secrets">The Secrets: (name, key) to value, null when the Secret has no such key.</param>
    /// <param name="settings">Values replacing a ConfigMap's before any expansion (what differs on this machine).</param>
    public static Dictionary<string, string> Of(
        RenderedManifests rendered, Manifest workload, Func<string, string, string?> secrets, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in workload.Container.Items("envFrom"))
        {
            var configMap = source.Text("configMapRef", "name")
                ?? throw new InvalidOperationException($"{workload} takes a whole Secret (envFrom secretRef): services take each secret by key.");
            foreach (var (name, value) in rendered.ConfigMapData(configMap))
            {
                environment[name] = settings is not null && settings.TryGetValue(name, out var local) ? local : value;
            }
        }

        foreach (var variable in workload.Container.Items("env"))
        {
            var name = variable.Text("name")!;
            if (variable.At("value") is not null)
            {
                environment[name] = Expand(variable.Text("value") ?? string.Empty, environment);
            }
            else if (variable.At("valueFrom", "secretKeyRef") is { } reference)
            {
                var (secret, key) = (reference.Text("name")!, reference.Text("key")!);
                var value = secrets(secret, key);
                if (value is not null)
                {
                    environment[name] = value;
                }
                else if (reference.Text("optional") != "true")
                {
                    throw new InvalidOperationException($"{workload} needs key {key} of Secret {secret}, which the documented Secrets do not have.");
                }
            }
            else
            {
                throw new InvalidOperationException($"{workload}: variable {name} takes its value from a source these tests do not know.");
            }
        }

        return environment;
    }

    /// <summary>Kubernetes' expansion: <c>$(VAR)</c> becomes VAR's value when VAR is defined, <c>$$</c> is one <c>$</c>, anything else stays as written.</summary>
    public static string Expand(string value, IReadOnlyDictionary<string, string> environment)
    {
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '(' && value.IndexOf(')', i) is var close and > 0
                && environment.TryGetValue(value[(i + 2)..close], out var replacement))
            {
                result.Append(replacement);
                i = close;
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }
}
