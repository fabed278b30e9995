namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// A reference, inside an object, to a dockercfg secret that OpenShift generated for a service
/// account of the source namespace (SPEC P6, B2).
/// </summary>
/// <param name="Path">JSON pointer of the <c>name</c> string that holds the secret name.</param>
/// <param name="SecretName">The referenced secret, e.g. <c>builder-dockercfg-x9k2p</c>.</param>
/// <param name="ServiceAccount">The account it belongs to: <c>default</c>, <c>builder</c> or <c>deployer</c>.</param>
public readonly record struct DockercfgReference(string Path, string SecretName, string ServiceAccount);
