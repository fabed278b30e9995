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

    /// <summary>Every document of a multi-document file.</summary>
    public static IReadOnlyList<YamlMappingNode> LoadAll(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.Read(relative));
        stream.Load(reader);
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList();
    }

    /// <summary>The only webhook of the kustomize base's MutatingWebhookConfiguration.</summary>
    public static YamlMappingNode ManifestWebhookEntry()
    {
        var configuration = Load(ManifestWebhook);
        return (YamlMappingNode)((YamlSequenceNode)configuration["webhooks"]).Children.Single();
    }

    /// <summary>The kustomize component that routes ConfigMaps for Service DNS rewrites (N4).</summary>
    public const string ServiceDnsComponent = "deploy/manifests/components/service-dns/kustomization.yaml";

    /// <summary>The one template condition the chart's rules block may hold: ConfigMaps are routed only for N4.</summary>
    public const string ServiceDnsCondition = "{{- if include \"restore-mutator.serviceDns\" . }}";

    /// <summary>
    /// The <c>rules:</c> block of the Helm webhook template, rendered for <paramref name="serviceDns"/>.
    /// The chart keeps it free of template directives except <see cref="ServiceDnsCondition"/> and its
    /// <c>{{- end }}</c>, precisely so it can be read as YAML here; this throws if that ever changes.
    /// </summary>
    public static YamlSequenceNode HelmRules(bool serviceDns = false, YamlSequenceNode? extraRules = null)
    {
        var lines = RepositoryFiles.Read(HelmWebhookTemplate).Split('\n');
        var start = Array.FindIndex(lines, line => line.TrimEnd() == "    rules:");
        if (start < 0)
        {
            throw new InvalidOperationException($"{HelmWebhookTemplate}: no '    rules:' line");
        }

        var block = new List<string> { "rules:" };
        var inCondition = false;
        var inRange = false;
        var rangeLines = new List<string>();
        foreach (var line in lines.Skip(start + 1))
        {
            if (line.Trim().Length > 0 && Indent(line) <= 4)
            {
                break;
            }

            if (line.Trim() == ExtraRulesRange)
            {
                inRange = true;
                continue;
            }

            if (inRange)
            {
                if (line.Trim() == "{{- end }}")
                {
                    inRange = false;
                    block.AddRange(RenderExtraRules(rangeLines, extraRules));
                }
                else
                {
                    rangeLines.Add(line);
                }

                continue;
            }

            if (line.Trim() == ServiceDnsCondition && !inCondition)
            {
                inCondition = true;
                continue;
            }

            if (line.Trim() == "{{- end }}" && inCondition)
            {
                inCondition = false;
                continue;
            }

            if (line.Contains("{{", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{HelmWebhookTemplate}: the rules block must not contain other template directives: {line.Trim()}");
            }

            if (!inCondition || serviceDns)
            {
                block.Add(line.Length >= 4 ? line[4..] : line.TrimStart());
            }
        }

        if (inCondition)
        {
            throw new InvalidOperationException($"{HelmWebhookTemplate}: {ServiceDnsCondition} without its end in the rules block");
        }

        var stream = new YamlStream();
        using var reader = new StringReader(string.Join('\n', block));
        stream.Load(reader);
        return (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["rules"];
    }

    /// <summary>The chart's loop over <c>webhook.extraRules</c> (U6), the other directive its rules block may hold.</summary>
    public const string ExtraRulesRange = "{{- range .Values.webhook.extraRules }}";

    /// <summary>
    /// Renders the loop body once per entry of <paramref name="extraRules"/>, with the three
    /// substitutions the chart uses (<c>toJson</c> of the lists, <c>scope</c> defaulting to Namespaced).
    /// </summary>
    private static IEnumerable<string> RenderExtraRules(List<string> body, YamlSequenceNode? extraRules)
    {
        foreach (var entry in extraRules?.Children.Cast<YamlMappingNode>() ?? [])
        {
            string List(string key) => "[" + string.Join(", ", ((YamlSequenceNode)entry[key]).Children.Select(item => $"\"{((YamlScalarNode)item).Value}\"")) + "]";
            var scope = entry.Children.TryGetValue(new YamlScalarNode("scope"), out var s) ? ((YamlScalarNode)s).Value! : "Namespaced";
            foreach (var line in body)
            {
                var rendered = line
                    .Replace("{{ toJson .apiGroups }}", List("apiGroups"), StringComparison.Ordinal)
                    .Replace("{{ toJson .apiVersions }}", List("apiVersions"), StringComparison.Ordinal)
                    .Replace("{{ toJson .resources }}", List("resources"), StringComparison.Ordinal)
                    .Replace("{{ .scope | default \"Namespaced\" }}", scope, StringComparison.Ordinal);
                if (rendered.Contains("{{", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{HelmWebhookTemplate}: unexpected directive in the extraRules loop: {line.Trim()}");
                }

                yield return rendered.Length >= 4 ? rendered[4..] : rendered.TrimStart();
            }
        }
    }

    /// <summary>The rules the <see cref="ServiceDnsComponent"/> adds to the base webhook (its JSON patch's <c>add</c> values).</summary>
    public static YamlSequenceNode ServiceDnsComponentRules()
    {
        var component = Load(ServiceDnsComponent);
        var added = new YamlSequenceNode();
        foreach (var patch in ((YamlSequenceNode)component["patches"]).Children.Cast<YamlMappingNode>())
        {
            var stream = new YamlStream();
            using var reader = new StringReader(((YamlScalarNode)patch["patch"]).Value!);
            stream.Load(reader);
            foreach (var operation in ((YamlSequenceNode)stream.Documents[0].RootNode).Children.Cast<YamlMappingNode>())
            {
                if (((YamlScalarNode)operation["op"]).Value != "add" || ((YamlScalarNode)operation["path"]).Value != "/webhooks/0/rules/-")
                {
                    throw new InvalidOperationException($"{ServiceDnsComponent}: only 'add /webhooks/0/rules/-' operations are expected");
                }

                added.Add(operation["value"]);
            }
        }

        return added;
    }

    /// <summary>The text of the <c>config.yaml</c> key of the base's ConfigMap.</summary>
    public static string ManifestConfig()
    {
        var configMap = Load("deploy/manifests/base/configmap.yaml");
        return ((YamlScalarNode)((YamlMappingNode)configMap["data"])["config.yaml"]).Value!;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
}
