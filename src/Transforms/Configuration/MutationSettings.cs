namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// What the rules are built from: every section of the configuration file (SPEC section 4) that
/// decides how objects change. Validated and immutable; the defaults are the SPEC's. The server's
/// own sections (listening, TLS, lookups) belong to the host and are not modelled here.
/// </summary>
public sealed record MutationSettings
{
    /// <summary>Only objects carrying one of these labels are changed (S1).</summary>
    public IReadOnlyList<string> RestoreLabels { get; init; } = ["velero.io/restore-name"];

    /// <summary>Source namespace to target namespace; the fallback for the Restore lookup (K1).</summary>
    public IReadOnlyDictionary<string, string> NamespaceMapping { get; init; } = EmptyMap;

    public RegistrySettings Registry { get; init; } = new();

    public RouteSettings Routes { get; init; } = new();

    public PodSettings Pods { get; init; } = new();

    public BuildSettings Builds { get; init; } = new();

    public SkipResponse SkipResponse { get; init; } = SkipResponse.Warn;

    public NodeSettings Nodes { get; init; } = new();

    /// <summary>Old storage class name to new one (V1).</summary>
    public IReadOnlyDictionary<string, string> StorageClasses { get; init; } = EmptyMap;

    /// <summary>References to renamed namespaces (N1-N4).</summary>
    public NamespaceRefSettings NamespaceRefs { get; init; } = new();

    /// <summary>Per-restore overlays, in file order (X1); empty inside a profile's own settings.</summary>
    public IReadOnlyList<ProfileSettings> Profiles { get; init; } = [];

    /// <summary>Operator rules (U), in file order; they run after every built-in family.</summary>
    public IReadOnlyList<Rules.OperatorRules.OperatorRule> Rules { get; init; } = [];

    internal static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>(StringComparer.Ordinal);
}
