using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC T1: a Route whose host the source router generated (<c>openshift.io/host.generated</c>
/// exactly <c>"true"</c>, as the OpenShift Velero plugin checks) carries the source apps domain and
/// the source namespace. <c>remove</c> drops <c>/spec/host</c> so the destination router generates a
/// new one; <c>rewrite</c> computes what that router would generate,
/// <c>&lt;name&gt;-&lt;namespace&gt;.&lt;apps domain&gt;</c>; <c>keep</c> leaves it (T2 may still apply).
/// </summary>
internal sealed class GeneratedRouteHostRule(RouteSettings routes) : IMutationRule
{
    public const string GeneratedAnnotation = "openshift.io/host.generated";

    private const string HostPath = "/spec/host";

    /// <summary>The longest DNS label a router accepts for <c>&lt;name&gt;-&lt;namespace&gt;</c>.</summary>
    private const int MaxLabelLength = 63;

    public string Family => Families.RouteHost;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.Route];

    /// <summary>T1 <c>rewrite</c> needs the destination apps domain (K2), for routes with a generated host.</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        if (routes.GeneratedHosts == GeneratedHostMode.Rewrite && request.Object.GetAnnotation(GeneratedAnnotation) == "true")
        {
            facts.RequireAppsDomain();
        }
    }

    public void Apply(MutationContext context)
    {
        if (!TryGetGeneratedHost(context, out var host) || context.IsUnchangedByUpdate(HostPath))
        {
            return;
        }

        switch (routes.GeneratedHosts)
        {
            case GeneratedHostMode.Remove:
                context.Patch.Remove(HostPath);
                break;
            case GeneratedHostMode.Rewrite:
                Rewrite(context, host);
                break;
        }
    }

    /// <summary>Whether this rule decides the host of the route (T2 then leaves it alone).</summary>
    public bool OwnsHost(MutationContext context) =>
        TryGetGeneratedHost(context, out _) && !context.IsUnchangedByUpdate(HostPath) && routes.GeneratedHosts switch
        {
            GeneratedHostMode.Remove => true,
            GeneratedHostMode.Rewrite => TargetHost(context, out _) is not null,
            _ => false,
        };

    private static void Rewrite(MutationContext context, string host)
    {
        var target = TargetHost(context, out var problem);
        if (target is null)
        {
            // The reason goes first: warnings are cut at 119 characters (A5) and names can be long.
            context.Warn($"restore-mutator kept generated host ({problem}) of route {context.Request.DisplayName}");
            return;
        }

        if (!string.Equals(target, host, StringComparison.Ordinal))
        {
            context.Patch.ReplaceString(HostPath, target);
        }
    }

    private static string? TargetHost(MutationContext context, out string problem)
    {
        var domain = context.Facts.AppsDomain;
        if (string.IsNullOrEmpty(domain))
        {
            problem = "destination apps domain unknown";
            return null;
        }

        var name = context.Object.TryGetObject("metadata", out var metadata) ? metadata.GetStringOrNull("name") ?? string.Empty : string.Empty;
        if (name.Length == 0 || context.Namespace.Length == 0)
        {
            problem = "route has no name or namespace";
            return null;
        }

        var label = $"{name}-{context.Namespace}";
        if (label.Length > MaxLabelLength)
        {
            problem = "name-namespace too long for a host label";
            return null;
        }

        problem = string.Empty;
        return $"{label}.{domain}";
    }

    private static bool TryGetGeneratedHost(MutationContext context, out string host)
    {
        host = string.Empty;
        return context.Annotation(GeneratedAnnotation) == "true"
            && context.Object.TryGetObject("spec", out var spec)
            && spec.TryGetString("host", out host)
            && host.Length > 0;
    }
}
