namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// The cluster facts one request needs (SPEC K1-K4), collected from the rules that apply before
/// anything is looked up, so the host asks the cluster only for what some rule will read. Facts the
/// configuration already gives (a configured destination registry or apps domain) are never asked for.
/// </summary>
public sealed class FactRequirements
{
    private HashSet<string>? _serviceAccounts;
    private HashSet<string>? _nodes;
    private HashSet<string>? _storageClasses;

    /// <summary>The destination's internal registry host (K2; R1, R4).</summary>
    public bool DestinationRegistry { get; private set; }

    /// <summary>The destination API server's version (K2; R4).</summary>
    public bool ServerVersion { get; private set; }

    /// <summary>The destination's apps domain (K2; T1 rewrite).</summary>
    public bool AppsDomain { get; private set; }

    /// <summary>The Velero Restore named by the restore label (K1): its namespace mapping.</summary>
    public bool Restore { get; private set; }

    /// <summary>Service accounts of the target namespace whose dockercfg secret is needed (K3; P6, B2).</summary>
    public IReadOnlyCollection<string> ServiceAccounts => (IReadOnlyCollection<string>?)_serviceAccounts ?? [];

    /// <summary>Nodes whose existence in the destination decides V2 and P5 (K5).</summary>
    public IReadOnlyCollection<string> Nodes => (IReadOnlyCollection<string>?)_nodes ?? [];

    /// <summary>Storage classes whose existence in the destination V4 checks (K5).</summary>
    public IReadOnlyCollection<string> StorageClasses => (IReadOnlyCollection<string>?)_storageClasses ?? [];

    /// <summary>Whether nothing needs to be looked up.</summary>
    public bool IsEmpty => !DestinationRegistry && !ServerVersion && !AppsDomain && !Restore
        && _serviceAccounts is null && _nodes is null && _storageClasses is null;

    public void RequireDestinationRegistry() => DestinationRegistry = true;

    public void RequireServerVersion() => ServerVersion = true;

    public void RequireAppsDomain() => AppsDomain = true;

    public void RequireRestore() => Restore = true;

    public void RequireServiceAccount(string name) => (_serviceAccounts ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);

    public void RequireNode(string name) => (_nodes ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);

    public void RequireStorageClass(string name) => (_storageClasses ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);

    /// <summary>
    /// Drops what <paramref name="known"/> already answers (configured values win over discovery,
    /// K2), and the Restore when the restore label is empty (it names no Restore).
    /// </summary>
    internal void ExceptKnown(ClusterFacts known, bool restoreNamed)
    {
        Restore &= restoreNamed;
        DestinationRegistry &= known.DestinationRegistry is null;
        ServerVersion &= known.ServerVersion is null;
        AppsDomain &= known.AppsDomain is null;
    }
}
