namespace RestoreMutator.Transforms.Images;

/// <summary>
/// The inputs of R1 for one object: the source cluster's internal registry (annotation
/// <c>openshift.io/backup-registry-hostname</c>), the destination's, and the restore's namespace
/// mapping (source to target).
/// </summary>
public readonly record struct SourceRegistry(string Host, string Destination, IReadOnlyDictionary<string, string> NamespaceMapping);
