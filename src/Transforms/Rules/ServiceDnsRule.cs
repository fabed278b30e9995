using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC N4 (opt-in, <c>namespaceRefs.serviceDns</c>): applications reach Services of their own or
/// another namespace by DNS name (<c>db.shop-old.svc.cluster.local:5432</c>); after a mapped restore
/// those names point to a namespace that no longer exists there. Service DNS names of mapped
/// namespaces are rewritten (<see cref="ServiceDnsNames"/>) in <c>env[*].value</c> of the containers
/// and init containers of Pods and every pod template of SPEC R3, and in ConfigMap <c>data</c> values,
/// one <c>replace</c> per changed string. Secrets are never read or changed (the webhook is not routed
/// them for this, and their values must not be scanned); <c>binaryData</c> and <c>valueFrom</c> stay.
/// With the switch off the rule handles no kind, so ConfigMaps need not be routed to the webhook.
/// </summary>
internal sealed class ServiceDnsRule(NamespaceRefSettings settings) : IMutationRule
{
    private static readonly string[] ContainerLists = ["containers", "initContainers"];

    public string Family => Families.NamespaceRefs;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = settings.ServiceDns ? [.. KnownKinds.WithPodSpec, KnownKinds.ConfigMap] : [];

    /// <summary>N4 maps through this restore's namespace mapping (K1).</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts) => facts.RequireRestore();

    public void Apply(MutationContext context)
    {
        var mapping = context.Facts.NamespaceMapping;
        if (!settings.ServiceDns || mapping.Count == 0)
        {
            return;
        }

        string? Map(string ns) => NamespaceReferences.Map(mapping, ns);
        if (context.Request.Kind.GroupKind == KnownKinds.ConfigMap.GroupKind)
        {
            if (context.Object.TryGetObject("data", out var data))
            {
                foreach (var entry in data.EnumerateObject())
                {
                    RewriteString(context, entry.Value, JsonPointer.Append("/data", entry.Name), Map);
                }
            }

            return;
        }

        var specPath = KnownKinds.PodSpecPath(context.Request.Kind.GroupKind);
        if (specPath is null || !PatchBuilder.TryResolve(context.Object, specPath, out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var list in ContainerLists)
        {
            foreach (var (index, container) in spec.ObjectItems(list))
            {
                var containerPath = JsonPointer.Append(JsonPointer.Append(specPath, list), index);
                foreach (var (envIndex, variable) in container.ObjectItems("env"))
                {
                    if (variable.TryGetPath(out var value, "value"))
                    {
                        RewriteString(context, value, JsonPointer.Append(containerPath + "/env", envIndex) + "/value", Map);
                    }
                }
            }
        }
    }

    private static void RewriteString(MutationContext context, JsonElement value, string path, Func<string, string?> map)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            NamespaceReferences.Replace(context, path, text, ServiceDnsNames.Rewrite(text, map));
        }
    }
}
