using System.Text.RegularExpressions;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// The image reference parser before R5 (ImageReference.TryParse up to commit 2758725): split at
/// '@', '/' and ':' with substrings, each part checked by a generated regex. Kept only as the
/// baseline of <see cref="ImageReferenceBenchmarks"/>; it accepts references R5 rejects (any
/// 32+ hex digest, any algorithm), so it does a little less work than the scanner.
/// </summary>
public static partial class RegexImageReferenceParser
{
    /// <summary>Returns the parts the old parser allocated (domain, path, tag, digest, normalised path), or false.</summary>
    public static bool TryParse(string? text, out string domain, out string path, out string? tag, out string? digest, out string normalizedPath)
    {
        (domain, path, tag, digest, normalizedPath) = (string.Empty, string.Empty, null, null, string.Empty);
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            return false;
        }

        var name = text;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            name = text[..at];
            if (!DigestSyntax().IsMatch(digest))
            {
                return false;
            }
        }

        var remainder = name;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && IsRegistryHost(name.AsSpan(0, slash)))
        {
            domain = name[..slash];
            remainder = name[(slash + 1)..];
            if (!DomainSyntax().IsMatch(domain))
            {
                return false;
            }
        }

        var colon = remainder.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = remainder[(colon + 1)..];
            remainder = remainder[..colon];
            if (!TagSyntax().IsMatch(tag))
            {
                return false;
            }
        }

        path = remainder;
        if (!PathSyntax().IsMatch(remainder))
        {
            return false;
        }

        // What the old ImageReference constructor did on success: the normalised Docker Hub path.
        normalizedPath = (domain.Length == 0 || domain == "index.docker.io" || domain == "docker.io") && !path.Contains('/', StringComparison.Ordinal)
            ? "library/" + path
            : path;
        return true;
    }

    private static bool IsRegistryHost(ReadOnlySpan<char> segment) =>
        segment.IndexOfAny('.', ':') >= 0 || segment.SequenceEqual("localhost") || segment.IndexOfAnyInRange('A', 'Z') >= 0;

    [GeneratedRegex(@"^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[A-Fa-f0-9:]+\])(:[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainSyntax();

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathSyntax();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagSyntax();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestSyntax();
}
