using RestoreMutator.Transforms.Selectors;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// Which pods one entry of a Restore's <c>spec.hooks.resources</c> selects (SPEC P3), as Velero's
/// <c>ResourceHookSelector.applicableTo</c> decides it: the namespace passes
/// <c>includedNamespaces</c>/<c>excludedNamespaces</c> (globs; an empty include list or <c>*</c>
/// means all, an exclusion always wins), pods pass <c>includedResources</c>/<c>excludedResources</c>
/// (<c>pods</c>, <c>pod</c> and <c>po</c> name pods, as Velero resolves resource names through
/// discovery; globs are matched against <c>pods</c>), and the labels match <c>labelSelector</c>
/// (absent = every pod).
/// </summary>
public sealed record RestoreHookSelector
{
    /// <summary>The names Kubernetes discovery resolves to the core <c>pods</c> resource.</summary>
    private static readonly string[] PodResourceNames = ["pods", "pod", "po"];

    public required string Name { get; init; }

    public IReadOnlyList<string> IncludedNamespaces { get; init; } = [];

    public IReadOnlyList<string> ExcludedNamespaces { get; init; } = [];

    public IReadOnlyList<string> IncludedResources { get; init; } = [];

    public IReadOnlyList<string> ExcludedResources { get; init; } = [];

    public LabelSelector LabelSelector { get; init; } = LabelSelector.Everything;

    /// <summary>Whether a pod in namespace <paramref name="ns"/> with <paramref name="labels"/> is a target of this hook.</summary>
    public bool SelectsPod(string ns, IReadOnlyDictionary<string, string> labels) =>
        IncludesNamespace(ns) && IncludesPods() && LabelSelector.Matches(labels);

    private bool IncludesNamespace(string ns) =>
        !ExcludedNamespaces.Any(pattern => GlobPattern.Matches(pattern, ns))
        && (IncludedNamespaces.Count == 0 || IncludedNamespaces.Any(pattern => GlobPattern.Matches(pattern, ns)));

    private bool IncludesPods() =>
        !ExcludedResources.Any(NamesPods) && (IncludedResources.Count == 0 || IncludedResources.Any(NamesPods));

    private static bool NamesPods(string resource) =>
        PodResourceNames.Contains(resource.ToLowerInvariant(), StringComparer.Ordinal) || GlobPattern.Matches(resource, "pods");
}
