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

        // Most objects name no Service: one search of their raw JSON for ".svc" rules them out
        // before any string is read or any pointer built.
        if (context.Request.Kind.GroupKind == KnownKinds.ConfigMap.GroupKind)
        {
            if (context.Object.TryGetObject("data", out var data) && data.MayContain(ServiceDnsNames.Marker))
            {
                foreach (var entry in data.EnumerateObject())
                {
                    if (Rewrite(entry.Value, mapping, out var text) is { } rewritten)
                    {
                        NamespaceReferences.Replace(context, JsonPointer.Append("/data", entry.Name), text, rewritten);
                    }
                }
            }

            return;
        }

        var specPath = KnownKinds.PodSpecPath(context.Request.Kind.GroupKind);
        if (specPath is null || !PatchBuilder.TryResolve(context.Object, specPath, out var spec)
            || spec.ValueKind != JsonValueKind.Object || !spec.MayContain(ServiceDnsNames.Marker))
        {
            return;
        }

        foreach (var list in ContainerLists)
        {
            foreach (var (index, container) in spec.ObjectItems(list))
            {
                foreach (var (envIndex, variable) in container.ObjectItems("env"))
                {
                    if (variable.TryGetPath(out var value, "value") && Rewrite(value, mapping, out var text) is { } rewritten)
                    {
                        var path = $"{JsonPointer.Append(JsonPointer.Append(specPath, list), index)}/env/{envIndex}/value";
                        NamespaceReferences.Replace(context, path, text, rewritten);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The string <paramref name="value"/> (read into <paramref name="text"/> only when it may name
    /// a Service) with its Service DNS names mapped; null when it is no string or none changes.
    /// </summary>
    private static string? Rewrite(JsonElement value, IReadOnlyDictionary<string, string> mapping, out string text)
    {
        text = string.Empty;
        if (value.ValueKind != JsonValueKind.String || !value.MayContain(ServiceDnsNames.Marker))
        {
            return null;
        }

        text = value.GetString()!;
        return ServiceDnsNames.Rewrite(text, ns => NamespaceReferences.Map(mapping, ns));
    }
}
