using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC T2: <c>routes.domainRewrites</c> move hosts from the source apps domain to the destination
/// one: Route <c>/spec/host</c> (unless T1 removed or regenerated it) and Ingress
/// <c>spec.rules[*].host</c> and <c>spec.tls[*].hosts[*]</c>. Each host is replaced in place, so the
/// arrays of other webhooks' making are never rewritten whole.
/// </summary>
internal sealed class DomainRewriteRule(RouteSettings routes) : IMutationRule
{
    public string Family => Families.RouteDomain;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.Route, KnownKinds.Ingress];

    private readonly DomainSuffixRewriter _rewriter = new(routes.DomainRewrites);

    /// <summary>Decides whether T1 owns a route's host (then T2 leaves it).</summary>
    private readonly GeneratedRouteHostRule _generatedHosts = new(routes);

    public void Apply(MutationContext context)
    {
        var rewriter = _rewriter;
        if (rewriter.IsEmpty || !context.Object.TryGetObject("spec", out var spec))
        {
            return;
        }

        if (context.Request.Kind.GroupKind == KnownKinds.Route.GroupKind)
        {
            if (!_generatedHosts.OwnsHost(context))
            {
                RewriteMember(context, rewriter, spec, "host", "/spec/host");
            }

            return;
        }

        foreach (var (index, rule) in spec.ObjectItems("rules"))
        {
            RewriteMember(context, rewriter, rule, "host", JsonPointer.Append(JsonPointer.Append("/spec/rules", index), "host"));
        }

        foreach (var (index, tls) in spec.ObjectItems("tls"))
        {
            if (!tls.TryGetArray("hosts", out var hosts))
            {
                continue;
            }

            var hostsPath = JsonPointer.Append(JsonPointer.Append("/spec/tls", index), "hosts");
            var position = 0;
            foreach (var host in hosts.EnumerateArray())
            {
                var path = JsonPointer.Append(hostsPath, position);
                if (host.ValueKind == JsonValueKind.String && !context.IsUnchangedByUpdate(path) && rewriter.Rewrite(host.GetString()!) is { } rewritten)
                {
                    context.Patch.ReplaceString(path, rewritten);
                }

                position++;
            }
        }
    }

    private static void RewriteMember(MutationContext context, DomainSuffixRewriter rewriter, JsonElement parent, string member, string path)
    {
        if (parent.TryGetString(member, out var host) && !context.IsUnchangedByUpdate(path) && rewriter.Rewrite(host) is { } rewritten)
        {
            context.Patch.ReplaceString(path, rewritten);
        }
    }
}
