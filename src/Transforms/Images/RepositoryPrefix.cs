namespace RestoreMutator.Transforms.Images;

/// <summary>
/// A <c>host[:port][/path]</c> prefix of <c>registry.rewrites</c>, in the normalised form image
/// references are matched in: a first segment that is not a registry host (Docker's rule) means
/// Docker Hub, and <c>index.docker.io</c> is <c>docker.io</c>. No <c>library/</c> is inserted:
/// <c>docker.io/bitnami</c> is a namespace, not an official image.
/// </summary>
internal static class RepositoryPrefix
{
    /// <summary>The normalised key of <paramref name="prefix"/>, e.g. <c>docker.io/bitnami</c>.</summary>
    public static string Normalize(string prefix)
    {
        var trimmed = prefix.TrimEnd('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? trimmed : trimmed[..slash];
        if (!ImageReference.IsRegistryHost(first))
        {
            return ImageReference.DockerHub + "/" + trimmed;
        }

        return first == ImageReference.LegacyDockerHub
            ? ImageReference.DockerHub + trimmed[first.Length..]
            : trimmed;
    }

    /// <summary>Whether <paramref name="path"/> equals <paramref name="prefix"/> or continues it after a <c>/</c> (whole segments).</summary>
    public static bool IsUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal)
        && (path.Length == prefix.Length || path[prefix.Length] == '/');
}
