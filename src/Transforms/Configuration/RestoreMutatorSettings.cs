namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// The whole configuration file (SPEC section 4), validated and immutable. Defaults are the
/// SPEC's; a reload builds a new instance and swaps it atomically.
/// </summary>
public sealed record RestoreMutatorSettings
{
    public ServerSettings Server { get; init; } = new();
    public IReadOnlyList<string> RestoreLabels { get; init; } = ["velero.io/restore-name"];
    public VeleroSettings Velero { get; init; } = new();
    public LookupMode Lookups { get; init; } = LookupMode.Auto;
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

    internal static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary><c>server</c>: where and how the HTTPS endpoint listens.</summary>
public sealed record ServerSettings
{
    public int Port { get; init; } = 8443;
    public string Address { get; init; } = "0.0.0.0";
    public TlsSettings Tls { get; init; } = new();
    public bool Http2 { get; init; }
}

/// <summary><c>server.tls</c>. Empty <see cref="CertFile"/> and <see cref="KeyFile"/> mean a generated self-signed certificate.</summary>
public sealed record TlsSettings
{
    public string CertFile { get; init; } = "/etc/restore-mutator/tls/tls.crt";
    public string KeyFile { get; init; } = "/etc/restore-mutator/tls/tls.key";
    public string ClientCAFile { get; init; } = string.Empty;
}

/// <summary><c>velero</c>.</summary>
public sealed record VeleroSettings
{
    public string Namespace { get; init; } = "velero";
}

/// <summary><c>lookups</c>: whether the webhook reads the cluster (K1-K4).</summary>
public enum LookupMode
{
    /// <summary>On when credentials are found (in a cluster, or a kubeconfig is given).</summary>
    Auto,
    /// <summary>Never read the cluster; only static values from this file are used.</summary>
    Off,
}

/// <summary><c>registry</c> (R1, R2).</summary>
public sealed record RegistrySettings
{
    /// <summary>Destination internal registry host[:port]; empty means discover it (K2).</summary>
    public string Destination { get; init; } = string.Empty;
    public IReadOnlyList<PrefixRewrite> Rewrites { get; init; } = [];
}

/// <summary>A <c>{from, to}</c> pair.</summary>
public sealed record PrefixRewrite(string From, string To);

/// <summary><c>routes</c> (T1, T2).</summary>
public sealed record RouteSettings
{
    public GeneratedHostMode GeneratedHosts { get; init; } = GeneratedHostMode.Remove;
    /// <summary>Apps domain of the destination; empty means discover it (K2).</summary>
    public string DestinationDomain { get; init; } = string.Empty;
    public IReadOnlyList<PrefixRewrite> DomainRewrites { get; init; } = [];
}

/// <summary>What to do with a generated route host (T1).</summary>
public enum GeneratedHostMode
{
    Remove,
    Rewrite,
    Keep,
}

/// <summary><c>pods</c> (P1, P2).</summary>
public sealed record PodSettings
{
    public bool SkipManaged { get; init; } = true;
    public bool SkipBuildPods { get; init; } = true;
}

/// <summary><c>builds</c> (B1).</summary>
public sealed record BuildSettings
{
    public bool Skip { get; init; } = true;
}

/// <summary><c>skipResponse</c>: how a skip is answered (P4).</summary>
public enum SkipResponse
{
    /// <summary>409 AlreadyExists: Velero records a warning and the restore completes.</summary>
    Warn,
    /// <summary>403 Forbidden: Velero records an error (restore PartiallyFailed).</summary>
    Deny,
}

/// <summary><c>nodes</c> (P5, V2).</summary>
public sealed record NodeSettings
{
    public IReadOnlyDictionary<string, string> Mapping { get; init; } = RestoreMutatorSettings.EmptyMap;
}
