using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>One (group, resource) a webhook rule routes, with the rule's scope and operations.</summary>
internal sealed record WebhookRule(string Group, string Resource, string Scope, IReadOnlyList<string> Operations)
{
    public string Key => $"{Group}/{Resource}";

    /// <summary>Flattens a webhook's <c>rules</c> sequence into one entry per group and resource.</summary>
    public static IReadOnlyList<WebhookRule> Read(YamlSequenceNode rules)
    {
        var result = new List<WebhookRule>();
        foreach (var rule in rules.Children.Cast<YamlMappingNode>())
        {
            var scope = rule.Children.TryGetValue(new YamlScalarNode("scope"), out var s) ? ((YamlScalarNode)s).Value! : "*";
            var operations = Strings(rule, "operations");
            foreach (var group in Strings(rule, "apiGroups"))
            {
                foreach (var resource in Strings(rule, "resources"))
                {
                    result.Add(new WebhookRule(group, resource, scope, operations));
                }
            }
        }

        return result;
    }

    public static IReadOnlyList<string> Strings(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node[key]).Children.Select(child => ((YamlScalarNode)child).Value ?? string.Empty).ToList();
}
