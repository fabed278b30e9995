using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC N1: a RoleBinding or ClusterRoleBinding that grants a service account of a renamed namespace
/// still names the old namespace after a mapped restore, so the account in the new namespace loses
/// its permissions (Velero issues 80, 1954). In both RBAC API groups (<c>rbac.authorization.k8s.io</c>
/// and OpenShift's <c>authorization.openshift.io</c>): <c>subjects[*].namespace</c> of ServiceAccount
/// subjects, the user name <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c> of User subjects, and the
/// group <c>system:serviceaccounts:&lt;ns&gt;</c> of subjects of any kind; in the OpenShift group also
/// <c>userNames</c>, <c>groupNames</c> and <c>roleRef.namespace</c> (the namespace of a local Role,
/// which must be the binding's own; the OpenShift Velero plugin maps it too). Velero's own action
/// maps only <c>subjects[*].namespace</c>, of RoleBindings. Each changed string is one <c>replace</c>.
/// </summary>
internal sealed class RoleBindingSubjectsRule : IMutationRule
{
    public string Family => Families.NamespaceRefs;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } =
    [
        KnownKinds.RoleBinding, KnownKinds.ClusterRoleBinding, KnownKinds.OpenShiftRoleBinding, KnownKinds.OpenShiftClusterRoleBinding,
    ];

    /// <summary>N1 maps through this restore's namespace mapping (K1).</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts) => facts.RequireRestore();

    public void Apply(MutationContext context)
    {
        var mapping = context.Facts.NamespaceMapping;
        if (mapping.Count == 0)
        {
            return;
        }

        // Pointers are built only for what changes: most subjects name no mapped namespace.
        foreach (var (index, subject) in context.Object.ObjectItems("subjects"))
        {
            var serviceAccount = subject.HasString("kind", "ServiceAccount");
            if (serviceAccount && subject.TryGetString("namespace", out var ns) && NamespaceReferences.Map(mapping, ns) is { } target)
            {
                NamespaceReferences.Replace(context, $"/subjects/{index}/namespace", ns, target);
            }

            if (subject.TryGetString("name", out var name)
                && ((!serviceAccount && subject.HasString("kind", "User") ? NamespaceReferences.MapServiceAccountUser(mapping, name) : null)
                    ?? NamespaceReferences.MapServiceAccountGroup(mapping, name)) is { } rewritten)
            {
                NamespaceReferences.Replace(context, $"/subjects/{index}/name", name, rewritten);
            }
        }

        if (context.Request.Kind.Group != KnownKinds.OpenShiftRoleBinding.Group)
        {
            return;
        }

        if (context.Object.TryGetPath(out var roleRef, "roleRef") && roleRef.TryGetString("namespace", out var roleNamespace))
        {
            NamespaceReferences.Replace(context, "/roleRef/namespace", roleNamespace, NamespaceReferences.Map(mapping, roleNamespace));
        }

        RewriteNames(context, "userNames", name => NamespaceReferences.MapServiceAccountUser(mapping, name));
        RewriteNames(context, "groupNames", name => NamespaceReferences.MapServiceAccountGroup(mapping, name));
    }

    /// <summary>Rewrites the strings of the top-level array <paramref name="member"/> element by element.</summary>
    private static void RewriteNames(MutationContext context, string member, Func<string, string?> rewrite)
    {
        if (!context.Object.TryGetArray(member, out var names))
        {
            return;
        }

        var index = 0;
        foreach (var item in names.EnumerateArray())
        {
            if (item.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                var name = item.GetString()!;
                if (rewrite(name) is { } rewritten)
                {
                    NamespaceReferences.Replace(context, $"/{member}/{index}", name, rewritten);
                }
            }

            index++;
        }
    }
}
