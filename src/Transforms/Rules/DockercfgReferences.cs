using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// Finds references to generated dockercfg secrets (<c>default-dockercfg-*</c>, <c>builder-dockercfg-*</c>,
/// <c>deployer-dockercfg-*</c>). Used by the rename rules and by the host, which looks up service
/// accounts only for objects that have such a reference (no lookup latency for the rest).
/// </summary>
public static class DockercfgReferences
{
    /// <summary>The service accounts OpenShift creates in every namespace, with a generated dockercfg secret each.</summary>
    public static readonly IReadOnlyList<string> ServiceAccounts = ["builder", "default", "deployer"];

    /// <summary>BuildConfig strategies that carry a <c>pullSecret</c> (B2; the OpenShift plugin's list).</summary>
    private static readonly string[] Strategies = ["sourceStrategy", "dockerStrategy", "customStrategy"];

    /// <summary>
    /// The service account whose generated secret <paramref name="secretName"/> is, or null. Prefix match
    /// as the OpenShift plugin does (<c>UpdatePullSecret</c>), with a non-empty random suffix required.
    /// </summary>
    public static string? ServiceAccountOf(string secretName)
    {
        foreach (var account in ServiceAccounts)
        {
            if (secretName.Length > account.Length + "-dockercfg-".Length
                && secretName.StartsWith(account, StringComparison.Ordinal)
                && secretName.AsSpan(account.Length).StartsWith("-dockercfg-", StringComparison.Ordinal))
            {
                return account;
            }
        }

        return null;
    }

    /// <summary>Every dockercfg reference the rename rules handle in an object of <paramref name="kind"/>.</summary>
    public static IReadOnlyList<DockercfgReference> Find(JsonElement obj, GroupKind kind)
    {
        var found = new List<DockercfgReference>();
        found.AddRange(InPodSpec(obj, kind));
        if (kind == KnownKinds.BuildConfig.GroupKind)
        {
            found.AddRange(InBuildConfig(obj));
        }

        return found;
    }

    /// <summary>P6: <c>imagePullSecrets[*].name</c> of the pod spec of a Pod or pod template (R3 kinds).</summary>
    /// <remarks>
    /// A list, empty without allocating when no entry names a generated secret (most workloads);
    /// pointers are made only for the entries found. Both P6 stages read it on every workload.
    /// </remarks>
    public static IReadOnlyList<DockercfgReference> InPodSpec(JsonElement obj, GroupKind kind)
    {
        var specPath = KnownKinds.PodSpecPath(kind);
        if (specPath is null || !PatchBuilder.TryResolve(obj, specPath, out var spec))
        {
            return [];
        }

        List<DockercfgReference>? found = null;
        foreach (var (index, item) in spec.ObjectItems("imagePullSecrets"))
        {
            if (IsGenerated(item, out var name, out var account))
            {
                (found ??= []).Add(new DockercfgReference($"{specPath}/imagePullSecrets/{index}/name", name, account));
            }
        }

        return (IReadOnlyList<DockercfgReference>?)found ?? [];
    }

    /// <summary>B2: push secret, strategy pull secrets and source image pull secrets of a BuildConfig.</summary>
    public static IEnumerable<DockercfgReference> InBuildConfig(JsonElement obj)
    {
        if (obj.TryGetPath(out var pushSecret, "spec", "output", "pushSecret")
            && Reference(pushSecret, "/spec/output/pushSecret") is { } push)
        {
            yield return push;
        }

        foreach (var strategy in Strategies)
        {
            if (obj.TryGetPath(out var pullSecret, "spec", "strategy", strategy, "pullSecret")
                && Reference(pullSecret, $"/spec/strategy/{strategy}/pullSecret") is { } pull)
            {
                yield return pull;
            }
        }

        if (obj.TryGetPath(out var source, "spec", "source"))
        {
            foreach (var (index, image) in source.ObjectItems("images"))
            {
                if (image.TryGetObject("pullSecret", out var imageSecret)
                    && Reference(imageSecret, $"/spec/source/images/{index}/pullSecret") is { } reference)
                {
                    yield return reference;
                }
            }
        }
    }

    /// <summary>A <c>LocalObjectReference</c> at <paramref name="path"/> naming a generated dockercfg secret.</summary>
    private static DockercfgReference? Reference(JsonElement localObjectReference, string path) =>
        IsGenerated(localObjectReference, out var name, out var account) ? new DockercfgReference(path + "/name", name, account) : null;

    /// <summary>Whether a LocalObjectReference names a generated dockercfg secret, and of which service account.</summary>
    private static bool IsGenerated(JsonElement localObjectReference, out string name, out string account)
    {
        account = string.Empty;
        if (!localObjectReference.TryGetString("name", out name) || ServiceAccountOf(name) is not { } found)
        {
            return false;
        }

        account = found;
        return true;
    }
}
