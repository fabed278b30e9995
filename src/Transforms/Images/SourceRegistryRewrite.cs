using System.Diagnostics.CodeAnalysis;

namespace RestoreMutator.Transforms.Images;

/// <summary>
/// SPEC R1: moves references to the source cluster's internal registry to the destination's. A
/// plain string algorithm, as the OpenShift Velero plugin's <c>ReplaceImageRefPrefix</c>
/// (<c>velero-plugins/common/util.go</c> in openshift/openshift-velero-plugin): no normalisation,
/// case-sensitive, host and port compared as text.
/// </summary>
public static class SourceRegistryRewrite
{
    /// <summary>The shared namespace whose images differ per cluster, so their digests are dropped.</summary>
    public const string SharedImagesNamespace = "openshift";

    /// <summary>
    /// Rewrites <paramref name="image"/> when the text before its first <c>/</c> equals the source
    /// host exactly. The result may equal the input (same host, unmapped namespace).
    /// </summary>
    public static bool TryRewrite(string image, in SourceRegistry registry, [NotNullWhen(true)] out string? result)
    {
        result = null;
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || registry.Host.Length == 0 || registry.Destination.Length == 0 || !image.AsSpan(0, slash).SequenceEqual(registry.Host))
        {
            // No '/', another host, the host without its port, a .cluster.local or route spelling: not ours.
            return false;
        }

        var rest = image.AsSpan(slash + 1);
        var namespaceEnd = rest.IndexOf('/');
        if (namespaceEnd < 0)
        {
            // One segment after the host: there is no namespace to map.
            result = string.Concat(registry.Destination, "/", rest);
            return true;
        }

        var sourceNamespace = rest[..namespaceEnd];
        var at = rest.IndexOf('@');
        if (at >= 0 && sourceNamespace.SequenceEqual(SharedImagesNamespace))
        {
            // The destination's openshift images have other digests: fall back to the tag (or the
            // implicit latest). As in the plugin this wins over a mapping of "openshift".
            result = string.Concat(registry.Destination, "/", rest[..at]);
            return true;
        }

        if (registry.NamespaceMapping.Count > 0
            && TryMap(registry.NamespaceMapping, sourceNamespace, out var target)
            && target.Length > 0)
        {
            result = string.Concat(registry.Destination, "/", target, rest[namespaceEnd..]);
            return true;
        }

        result = string.Concat(registry.Destination, "/", rest);
        return true;
    }

    /// <summary>Whether <paramref name="image"/> starts with <paramref name="host"/> and a <c>/</c>: on the host R1 reads.</summary>
    public static bool IsOnHost(string image, string? host) =>
        !string.IsNullOrEmpty(host) && image.Length > host.Length && image[host.Length] == '/'
        && image.StartsWith(host, StringComparison.Ordinal);

    /// <summary>The mapping's target of a namespace, looked up by span where the dictionary allows it (no string per image).</summary>
    private static bool TryMap(IReadOnlyDictionary<string, string> mapping, ReadOnlySpan<char> name, [NotNullWhen(true)] out string? target)
    {
        if (mapping is Dictionary<string, string> map && map.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            return lookup.TryGetValue(name, out target);
        }

        return mapping.TryGetValue(name.ToString(), out target);
    }
}
