namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// Looks a name up in an old-to-new map (nodes, storage classes, namespaces). A name that is
/// already the target of some entry counts as mapped and is never mapped again, so a second pass
/// over the webhook's own output changes nothing (SPEC S3), even when a target is also a source
/// (chains such as <c>a: b, b: c</c> stop after one step).
/// </summary>
public static class NameMapping
{
    /// <summary>What a map says about one name.</summary>
    public enum Result
    {
        /// <summary>Neither a source nor a target of the map.</summary>
        Unmapped,
        /// <summary>A source: <c>mapped</c> is the new name (different from the old one).</summary>
        Mapped,
        /// <summary>Already a target (or mapped to itself): leave it.</summary>
        AlreadyMapped,
    }

    /// <summary>Classifies <paramref name="name"/> against <paramref name="map"/>.</summary>
    public static Result Resolve(IReadOnlyDictionary<string, string> map, string name, out string mapped)
    {
        mapped = name;
        if (map.Count == 0)
        {
            return Result.Unmapped;
        }

        if (map.Values.Contains(name, StringComparer.Ordinal))
        {
            return Result.AlreadyMapped;
        }

        if (map.TryGetValue(name, out var target))
        {
            mapped = target;
            return target == name ? Result.AlreadyMapped : Result.Mapped;
        }

        return Result.Unmapped;
    }
}
