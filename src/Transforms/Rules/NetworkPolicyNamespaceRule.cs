using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC N3: a NetworkPolicy that admits (or excludes) a renamed namespace by its name label
/// <c>kubernetes.io/metadata.name</c> (set by the API server on every namespace, so the usual way to
/// select one namespace) would, after a mapped restore, select the old name, which no longer
/// exists: traffic between the restored applications is cut (crane issue 732). In the
/// <c>namespaceSelector</c> of every ingress <c>from</c> and egress <c>to</c> peer, the
/// <c>matchLabels</c> value of that key and the <c>values</c> of <c>In</c>/<c>NotIn</c> expressions on
/// it are mapped, one <c>replace</c> per string. Other labels are not namespace names and stay.
/// </summary>
internal sealed class NetworkPolicyNamespaceRule : IMutationRule
{
    /// <summary>The namespace name label the API server sets (Kubernetes 1.21+).</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public string Family => Families.NamespaceRefs;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.NetworkPolicy];

    /// <summary>N3 maps through this restore's namespace mapping (K1).</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts) => facts.RequireRestore();

    public void Apply(MutationContext context)
    {
        if (context.Facts.NamespaceMapping.Count == 0 || !context.Object.TryGetObject("spec", out var spec))
        {
            return;
        }

        MapPeers(context, spec, "ingress", "from");
        MapPeers(context, spec, "egress", "to");
    }

    /// <summary>Maps the namespace selectors of the peers <c>/spec/{rules}/*/{peers}/*</c>; pointers are built only for what changes.</summary>
    private static void MapPeers(MutationContext context, JsonElement spec, string rules, string peers)
    {
        foreach (var (ruleIndex, rule) in spec.ObjectItems(rules))
        {
            foreach (var (peerIndex, peer) in rule.ObjectItems(peers))
            {
                if (peer.TryGetObject("namespaceSelector", out var selector))
                {
                    MapSelector(context, selector, new SelectorPath(rules, ruleIndex, peers, peerIndex));
                }
            }
        }
    }

    private static void MapSelector(MutationContext context, JsonElement selector, SelectorPath path)
    {
        var mapping = context.Facts.NamespaceMapping;
        if (selector.TryGetObject("matchLabels", out var labels) && labels.TryGetString(NamespaceNameLabel, out var name)
            && NamespaceReferences.Map(mapping, name) is { } target)
        {
            NamespaceReferences.Replace(context, JsonPointer.Append(path + "/matchLabels", NamespaceNameLabel), name, target);
        }

        foreach (var (index, expression) in selector.ObjectItems("matchExpressions"))
        {
            if (!expression.HasString("key", NamespaceNameLabel)
                || !expression.HasAnyString("operator", "In", "NotIn")
                || !expression.TryGetArray("values", out var values))
            {
                continue;
            }

            var position = 0;
            foreach (var value in values.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.String && value.GetString()! is var ns && NamespaceReferences.Map(mapping, ns) is { } mapped)
                {
                    NamespaceReferences.Replace(context, $"{path}/matchExpressions/{index}/values/{position}", ns, mapped);
                }

                position++;
            }
        }
    }

    /// <summary><c>/spec/{rules}/{rule}/{peers}/{peer}/namespaceSelector</c>, written out only when something under it changes.</summary>
    private readonly record struct SelectorPath(string Rules, int Rule, string Peers, int Peer)
    {
        public override string ToString() => $"/spec/{Rules}/{Rule}/{Peers}/{Peer}/namespaceSelector";
    }
}
