using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Images;

/// <summary>
/// The image rewrite plan built once per configuration: R1 (source registry to destination), then
/// R2 (explicit prefix rewrites) on R1's result. Immutable and shared by all requests.
/// </summary>
public sealed class ImageRewriter
{
    private readonly PrefixRewriteTable _prefixes;

    public ImageRewriter(RegistrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _prefixes = new PrefixRewriteTable(settings.Rewrites);
    }

    /// <summary>Whether this plan has explicit rewrites (R2); without them and without R1 inputs nothing can change.</summary>
    public bool HasPrefixRewrites => _prefixes.Count > 0;

    /// <summary>
    /// The rewritten reference, or null when <paramref name="image"/> stays as it is (byte for
    /// byte: an unchanged reference is never re-spelled). <paramref name="source"/> is null when
    /// R1 does not apply to the object (no source annotation, or no known destination).
    /// </summary>
    public string? Rewrite(string image, SourceRegistry? source)
    {
        var current = image;
        if (source is { } registry && SourceRegistryRewrite.TryRewrite(current, registry, out var moved))
        {
            current = moved;
        }

        if (_prefixes.TryRewrite(current, out var mirrored))
        {
            current = mirrored;
        }

        return string.Equals(current, image, StringComparison.Ordinal) ? null : current;
    }
}
