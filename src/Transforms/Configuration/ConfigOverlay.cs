using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// Lays one YAML mapping over another, generically, before any section reader runs (SPEC X1): maps
/// merge recursively key by key with the overlay winning, scalars (and a value of another type) in
/// the overlay win, and lists take the overlay's entries first, then the base's, where a base entry
/// with the same identity as an overlay entry is dropped (the first one wins). The identity of a
/// list entry is its <c>from</c> (rewrites), else its <c>name</c> (operator rules), else the scalar
/// itself. Sections added later need no change here. Neither input is modified; unchanged subtrees
/// are shared, which is safe because readers only read.
/// </summary>
internal static class ConfigOverlay
{
    /// <summary>
    /// Beyond this depth the overlay's node is taken whole: nothing in the configuration nests so
    /// deep, and a hostile file must not turn the merge into a deep recursion.
    /// </summary>
    private const int MaxMergeDepth = 32;

    /// <summary>
    /// <paramref name="baseRoot"/> without the keys in <paramref name="dropped"/>, with every entry of
    /// <paramref name="overlay"/> whose key <paramref name="include"/> accepts laid over it.
    /// </summary>
    public static YamlMappingNode Apply(YamlMappingNode baseRoot, YamlMappingNode overlay, IReadOnlySet<string> dropped, Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(baseRoot);
        ArgumentNullException.ThrowIfNull(overlay);
        var trimmedBase = new YamlMappingNode();
        foreach (var entry in baseRoot.Children)
        {
            if (KeyOf(entry.Key) is not { } key || !dropped.Contains(key))
            {
                trimmedBase.Children.Add(entry);
            }
        }

        var trimmedOverlay = new YamlMappingNode();
        foreach (var entry in overlay.Children)
        {
            if (KeyOf(entry.Key) is { } key && include(key))
            {
                trimmedOverlay.Children.Add(entry);
            }
        }

        return (YamlMappingNode)Merge(trimmedBase, trimmedOverlay, 0);
    }

    private static YamlNode Merge(YamlNode under, YamlNode over, int depth)
    {
        if (depth >= MaxMergeDepth)
        {
            return over;
        }

        return (under, over) switch
        {
            (YamlMappingNode baseMap, YamlMappingNode overMap) => MergeMaps(baseMap, overMap, depth),
            (YamlSequenceNode baseList, YamlSequenceNode overList) => MergeLists(baseList, overList),
            _ => over,
        };
    }

    private static YamlMappingNode MergeMaps(YamlMappingNode under, YamlMappingNode over, int depth)
    {
        var overByKey = new Dictionary<string, KeyValuePair<YamlNode, YamlNode>>(StringComparer.Ordinal);
        foreach (var entry in over.Children)
        {
            if (KeyOf(entry.Key) is { } key)
            {
                overByKey.TryAdd(key, entry);
            }
        }

        // The base's order first (its keys keep their place), then the keys only the overlay has.
        var result = new YamlMappingNode();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in under.Children)
        {
            if (KeyOf(entry.Key) is { } key && overByKey.TryGetValue(key, out var replacement) && taken.Add(key))
            {
                // The overlay's key node: errors then point at the profile's line.
                result.Children.Add(replacement.Key, Merge(entry.Value, replacement.Value, depth + 1));
            }
            else if (KeyOf(entry.Key) is not { } other || !taken.Contains(other))
            {
                result.Children.Add(entry);
            }
        }

        foreach (var entry in over.Children)
        {
            if (KeyOf(entry.Key) is not { } key || taken.Add(key))
            {
                result.Children.Add(entry);
            }
        }

        return result;
    }

    private static YamlSequenceNode MergeLists(YamlSequenceNode under, YamlSequenceNode over)
    {
        var result = new YamlSequenceNode();
        var identities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in over.Children)
        {
            result.Add(item);
            if (Identity(item) is { } identity)
            {
                identities.Add(identity);
            }
        }

        foreach (var item in under.Children)
        {
            if (Identity(item) is not { } identity || !identities.Contains(identity))
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>What makes two list entries "the same" entry: <c>from</c>, else <c>name</c>, else the scalar's text.</summary>
    private static string? Identity(YamlNode item) => item switch
    {
        YamlMappingNode mapping when ScalarMember(mapping, "from") is { } from => "from\0" + from,
        YamlMappingNode mapping when ScalarMember(mapping, "name") is { } name => "name\0" + name,
        YamlScalarNode { Value: { } text } => "value\0" + text,
        _ => null,
    };

    private static string? ScalarMember(YamlMappingNode mapping, string key)
    {
        foreach (var entry in mapping.Children)
        {
            if (KeyOf(entry.Key) == key)
            {
                return (entry.Value as YamlScalarNode)?.Value;
            }
        }

        return null;
    }

    private static string? KeyOf(YamlNode key) => (key as YamlScalarNode)?.Value;
}
