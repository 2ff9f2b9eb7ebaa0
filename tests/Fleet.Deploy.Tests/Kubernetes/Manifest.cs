using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>One rendered Kubernetes object: its kind, name and YAML.</summary>
internal sealed record Manifest(string Kind, string Name, YamlMappingNode Root)
{
    public string ApiVersion => Root.Text("apiVersion") ?? string.Empty;

    /// <summary>The pod spec of a Deployment or StatefulSet.</summary>
    public YamlNode? PodSpec => Root.At("spec", "template", "spec");

    /// <summary>The labels of the pods a Deployment or StatefulSet makes.</summary>
    public IReadOnlyDictionary<string, string> PodLabels => Root.Strings("spec", "template", "metadata", "labels");

    /// <summary>The first (the service's) container of the pod spec.</summary>
    public YamlNode Container => PodSpec.Items("containers") is [var first, ..] ? first : throw new InvalidOperationException($"{this} has no container.");

    public override string ToString() => $"{Kind}/{Name}";
}
