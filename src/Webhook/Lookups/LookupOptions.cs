namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Timeouts and cache lifetimes of cluster lookups (SPEC K). Not in the config file: the defaults
/// suit every cluster; tests replace the singleton.
/// </summary>
internal sealed record LookupOptions
{
    public static readonly LookupOptions Default = new();

    /// <summary>Upper bound of one API call (K: "short per-call timeout, default 1 s").</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a found value is reused. Restores, registry, domain and version change rarely.</summary>
    public TimeSpan FoundTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long "not there" is reused (404, or a service account without its dockercfg secret yet:
    /// OpenShift adds it a few seconds after the namespace appears, and Velero restores right after).
    /// </summary>
    public TimeSpan MissingTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a failure is reused, so a broken API server costs one timeout per few seconds, not per request.</summary>
    public TimeSpan FailureTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>"Not OpenShift" (404 on config.openshift.io) does not change while the process runs; re-checked rarely.</summary>
    public TimeSpan NotOpenShiftTtl { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Entries per cache (restores, service accounts); the oldest are dropped beyond it.</summary>
    public int MaxEntries { get; init; } = 1024;
}
