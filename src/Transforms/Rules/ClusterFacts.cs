namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// What the webhook knows about the destination cluster and the restore for one request. The host
/// resolves it before the rules run (from the config, or from cluster lookups, SPEC K1-K4), so the
/// rules stay pure: they read data, never call out.
/// </summary>
public sealed record ClusterFacts
{
    public static readonly ClusterFacts None = new();

    /// <summary>Destination internal registry host[:port] (R1, R4); null when unknown.</summary>
    public string? DestinationRegistry { get; init; }

    /// <summary>Destination API server version as <c>major.minor</c> (R4); null when unknown.</summary>
    public string? ServerVersion { get; init; }

    /// <summary>Destination apps domain for generated route hosts (T1); null when unknown.</summary>
    public string? AppsDomain { get; init; }

    /// <summary>Source namespace to target namespace for this restore (K1, else the config's fallback).</summary>
    public IReadOnlyDictionary<string, string> NamespaceMapping { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The Restore this request belongs to, as read by K1 (for its hooks, P3); null when it was not
    /// read: lookups off, no restore label, not found or the lookup failed (K4).
    /// </summary>
    public RestoreFacts? Restore { get; init; }

    /// <summary>
    /// Service account name (<c>default</c>, <c>builder</c>, <c>deployer</c>) to the name of its current
    /// dockercfg secret in the target namespace (K3; P6, B2). Null when not looked up (lookups off, no
    /// dockercfg reference in the object, or the lookup failed, K4): the rename rules then do nothing.
    /// A missing key means the account or its secret was not found: the rules keep the entry and warn.
    /// </summary>
    public IReadOnlyDictionary<string, string>? DockercfgSecrets { get; init; }

    /// <summary>
    /// Node name to whether it exists in the destination (K5; V2, P5), for the nodes the request's
    /// plan asked about. Null when not looked up (lookups off). A name without an entry could not be
    /// looked up (K4): it counts as absent, the safe choice (the scheduler picks again).
    /// </summary>
    public IReadOnlyDictionary<string, bool>? Nodes { get; init; }

    /// <summary>
    /// Storage class name to whether it exists in the destination (K5; V4). Null when not looked up.
    /// A name without an entry could not be looked up (K4): V4 says nothing about it.
    /// </summary>
    public IReadOnlyDictionary<string, bool>? StorageClasses { get; init; }

    /// <summary>Problems met while resolving these facts (K4); returned to the caller as warnings.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether node <paramref name="name"/> is known to exist in the destination (K5); false when unknown.</summary>
    public bool NodeExists(string name) => Nodes is { } nodes && nodes.TryGetValue(name, out var exists) && exists;

    /// <summary>Whether storage class <paramref name="name"/> is known to be missing from the destination (K5); false when unknown.</summary>
    public bool StorageClassMissing(string name) => StorageClasses is { } classes && classes.TryGetValue(name, out var exists) && !exists;
}
