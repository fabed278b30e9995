using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Images;

/// <summary>
/// The image rewrite plan built once per configuration: R1 (source registry to destination), then
/// R2 (explicit prefix rewrites) on R1's result, for valid references only and only into valid
/// references (R5). Immutable and shared by all requests.
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

    /// <summary>As <see cref="Rewrite(string, SourceRegistry?, out ImageProblem)"/>, without the reason.</summary>
    public string? Rewrite(string image, SourceRegistry? source) => Rewrite(image, source, out _);

    /// <summary>
    /// The rewritten reference, or null when <paramref name="image"/> stays as it is (byte for
    /// byte: an unchanged reference is never re-spelled). <paramref name="source"/> is null when
    /// R1 does not apply to the object (no source annotation, or no known destination).
    /// <paramref name="problem"/> says why a reference was left alone when it is not valid, or
    /// when the rewrite would not be (SPEC R5); then nothing is rewritten.
    /// </summary>
    public string? Rewrite(string image, SourceRegistry? source, out ImageProblem problem)
    {
        // One scan per reference: with R2 the parse is kept for it, unless R1 may move the
        // reference (it is on the source host), which R2 then reads; otherwise validating is enough.
        ImageReference? reference = null;
        var mayMove = source is { } onSource && SourceRegistryRewrite.IsOnHost(image, onSource.Host);
        var error = _prefixes.Count > 0 && !mayMove ? Parse(image, out reference) : ImageReference.Validate(image);
        if (error != ReferenceError.None)
        {
            problem = new ImageProblem(error, InResult: false);
            return null;
        }

        // A reference already under an R2 target is where the operator sent it: R1 leaves it, or a
        // target on the object's source registry host would move R2's own output on a second pass
        // (S3; found by fuzz/: "nginx" -> "S/dockerhub/library/nginx" -> "D/dockerhub/library/nginx").
        var current = image;
        if (source is { } registry && !(_prefixes.Count > 0 && _prefixes.IsUnderTarget(image))
            && SourceRegistryRewrite.TryRewrite(image, registry, out var moved))
        {
            current = moved;
            reference = null;
        }

        if (_prefixes.Count > 0)
        {
            if (reference is null)
            {
                error = Parse(current, out reference);
            }

            if (error == ReferenceError.None && _prefixes.TryRewrite(reference!, out var mirrored))
            {
                current = mirrored;
                error = ImageReference.Validate(current);
            }
        }
        else if (!ReferenceEquals(current, image))
        {
            error = ImageReference.Validate(current);
        }

        if (error != ReferenceError.None)
        {
            problem = new ImageProblem(error, InResult: true);
            return null;
        }

        problem = default;
        return string.Equals(current, image, StringComparison.Ordinal) ? null : current;
    }

    private static ReferenceError Parse(string text, out ImageReference? reference) =>
        ImageReference.TryParse(text, out reference, out var error) ? ReferenceError.None : error;
}
