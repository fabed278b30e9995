using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>Reads objects out of the deployment YAML (kustomize base and the Helm chart's literal parts).</summary>
internal static class DeploymentYaml
{
    public const string ManifestWebhook = "deploy/manifests/base/mutatingwebhookconfiguration.yaml";
    public const string HelmWebhookTemplate = "deploy/helm/restore-mutator/templates/webhook.yaml";

    public static YamlMappingNode Load(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.Read(relative));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The only webhook of the kustomize base's MutatingWebhookConfiguration.</summary>
    public static YamlMappingNode ManifestWebhookEntry()
    {
        var configuration = Load(ManifestWebhook);
        return (YamlMappingNode)((YamlSequenceNode)configuration["webhooks"]).Children.Single();
    }

    /// <summary>
    /// The <c>rules:</c> block of the Helm webhook template. The chart keeps it free of template
    /// directives precisely so it can be read as YAML here; this throws if that ever changes.
    /// </summary>
    public static YamlSequenceNode HelmRules()
    {
        var lines = RepositoryFiles.Read(HelmWebhookTemplate).Split('\n');
        var start = Array.FindIndex(lines, line => line.TrimEnd() == "    rules:");
        if (start < 0)
        {
            throw new InvalidOperationException($"{HelmWebhookTemplate}: no '    rules:' line");
        }

        var block = new List<string> { "rules:" };
        foreach (var line in lines.Skip(start + 1))
        {
            if (line.Trim().Length > 0 && Indent(line) <= 4)
            {
                break;
            }

            if (line.Contains("{{", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{HelmWebhookTemplate}: the rules block must not contain template directives: {line.Trim()}");
            }

            block.Add(line.Length >= 4 ? line[4..] : line.TrimStart());
        }

        var stream = new YamlStream();
        using var reader = new StringReader(string.Join('\n', block));
        stream.Load(reader);
        return (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["rules"];
    }

    /// <summary>The text of the <c>config.yaml</c> key of the base's ConfigMap.</summary>
    public static string ManifestConfig()
    {
        var configMap = Load("deploy/manifests/base/configmap.yaml");
        return ((YamlScalarNode)((YamlMappingNode)configMap["data"])["config.yaml"]).Value!;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
}
