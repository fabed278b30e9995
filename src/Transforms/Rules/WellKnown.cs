namespace RestoreMutator.Transforms.Rules;

/// <summary>Annotation and label keys the rules read or write.</summary>
public static class WellKnown
{
    /// <summary>Families applied to the object (S7).</summary>
    public const string AppliedAnnotation = "restore-mutator.io/applied";
    /// <summary>On a Velero Restore: the profile its objects get, whatever the globs say (X1).</summary>
    public const string ProfileAnnotation = "restore-mutator.io/profile";
    /// <summary>Source cluster internal registry, stamped at backup by the OpenShift Velero plugin (R1).</summary>
    public const string BackupRegistryHostname = "openshift.io/backup-registry-hostname";
    public const string BackupServerVersion = "openshift.io/backup-server-version";
    /// <summary>Destination registry and server version recorded at restore (R4).</summary>
    public const string RestoreRegistryHostname = "openshift.io/restore-registry-hostname";
    public const string RestoreServerVersion = "openshift.io/restore-server-version";
}
