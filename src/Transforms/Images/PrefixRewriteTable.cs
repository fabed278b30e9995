using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Images;

/// <summary>
/// SPEC R2, compiled once per configuration: <c>registry.rewrites</c> as a frozen table keyed by
/// normalised <c>from</c>. A reference is probed at each of its segment boundaries, longest
/// first, so the longest matching <c>from</c> wins and only whole segments match
/// (<c>quay.io/acme</c> matches <c>quay.io/acme/app</c>, never <c>quay.io/acmecorp/app</c>).
/// </summary>
internal sealed class PrefixRewriteTable
{
    /// <summary>A table without rewrites.</summary>
    public static readonly PrefixRewriteTable Empty = new([]);

    private readonly FrozenDictionary<string, string> _targets;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public PrefixRewriteTable(IReadOnlyList<PrefixRewrite> rewrites)
    {
        ArgumentNullException.ThrowIfNull(rewrites);
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rewrite in rewrites)
        {
            // Validation rejects duplicates; should one slip through, the first entry wins.
            targets.TryAdd(RepositoryPrefix.Normalize(rewrite.From), rewrite.To.TrimEnd('/'));
        }

        _targets = targets.ToFrozenDictionary(StringComparer.Ordinal);
        _lookup = _targets.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many rewrites the table holds.</summary>
    public int Count => _targets.Count;

    /// <summary>
    /// Whether <paramref name="image"/> is under some <c>to</c> as written (whole segments): what R2
    /// produces, so it is final (see <see cref="ImageRewriter"/>).
    /// </summary>
    public bool IsUnderTarget(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        foreach (var target in _targets.Values)
        {
            if (image.Length > target.Length && image[target.Length] == '/' && image.StartsWith(target, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Rewrites <paramref name="reference"/> through the longest matching <c>from</c>: the result is
    /// <c>to</c>, the rest of the normalised path, and the tag and digest exactly as written.
    /// </summary>
    public bool TryRewrite(ImageReference reference, [NotNullWhen(true)] out string? result)
    {
        result = null;
        if (_targets.Count == 0)
        {
            return false;
        }

        // Explicitly hosted references are their own key; only Docker Hub short forms need a new string.
        var key = reference.IsNormalizedAsWritten
            ? reference.WrittenName
            : string.Concat(reference.NormalizedDomain, "/", reference.NormalizedPath).AsSpan();
        var hostLength = reference.NormalizedDomainLength;
        var candidate = key;
        while (true)
        {
            if (_lookup.TryGetValue(candidate, out var target))
            {
                result = string.Concat(target, key[candidate.Length..], reference.Suffix);
                return true;
            }

            var slash = candidate.LastIndexOf('/');
            if (slash < hostLength)
            {
                return false;
            }

            candidate = candidate[..slash];
        }
    }

    /// <summary>Parses <paramref name="image"/> and rewrites it; false when it does not parse or nothing matches.</summary>
    public bool TryRewrite(string image, [NotNullWhen(true)] out string? result)
    {
        result = null;
        return _targets.Count > 0 && ImageReference.TryParse(image, out var reference) && TryRewrite(reference, out result);
    }
}
