using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RestoreMutator.Transforms.Images;

/// <summary>
/// A container image reference <c>[host[:port]/]path[:tag][@digest]</c>, split the way Docker and
/// the container runtimes split it (distribution/reference): the first path segment is a registry
/// host only if it contains <c>.</c> or <c>:</c>, is <c>localhost</c>, or has upper-case letters;
/// otherwise the image comes from Docker Hub. The original text is kept so a reference that is not
/// rewritten is never re-spelled.
/// </summary>
public sealed partial class ImageReference
{
    /// <summary>Docker Hub's canonical host name.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The old Docker Hub host name that Docker normalises to <see cref="DockerHub"/>.</summary>
    public const string LegacyDockerHub = "index.docker.io";

    /// <summary>The namespace Docker Hub puts one-segment names in (<c>nginx</c> is <c>library/nginx</c>).</summary>
    public const string OfficialNamespace = "library";

    private ImageReference(string text, string domain, string path, string? tag, string? digest)
    {
        Text = text;
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
        NormalizedDomain = domain.Length == 0 || domain == LegacyDockerHub ? DockerHub : domain;
        NormalizedPath = NormalizedDomain == DockerHub && !path.Contains('/', StringComparison.Ordinal)
            ? OfficialNamespace + "/" + path
            : path;
    }

    /// <summary>The reference exactly as written.</summary>
    public string Text { get; }

    /// <summary>The registry host[:port] as written; empty when the reference names none (Docker Hub).</summary>
    public string Domain { get; }

    /// <summary>The repository path as written (<c>nginx</c>, <c>shop/web</c>), without host, tag and digest.</summary>
    public string Path { get; }

    /// <summary>The tag as written, or null (an untagged reference stays untagged).</summary>
    public string? Tag { get; }

    /// <summary>The digest (<c>sha256:...</c>) as written, or null.</summary>
    public string? Digest { get; }

    /// <summary>The host used for matching: <c>docker.io</c> for short and <c>index.docker.io</c> names.</summary>
    public string NormalizedDomain { get; }

    /// <summary>The path used for matching: <c>library/nginx</c> for the Docker Hub name <c>nginx</c>.</summary>
    public string NormalizedPath { get; }

    /// <summary>The tag and digest part exactly as written (<c>:1.25</c>, <c>@sha256:...</c>, or empty).</summary>
    public ReadOnlySpan<char> Suffix => Text.AsSpan(Domain.Length == 0 ? Path.Length : Domain.Length + 1 + Path.Length);

    /// <summary>
    /// Parses <paramref name="text"/>. Returns false for anything a runtime could not pull (empty,
    /// white space, upper-case path, bad tag or digest): such a reference is never rewritten.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference)
    {
        reference = null;
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            return false;
        }

        var name = text;
        string? digest = null;
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

        var domain = string.Empty;
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

        string? tag = null;
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

        if (!PathSyntax().IsMatch(remainder))
        {
            return false;
        }

        reference = new ImageReference(text, domain, remainder, tag, digest);
        return true;
    }

    /// <summary>
    /// Docker's rule for the first segment of a name: a registry host if it contains <c>.</c> or
    /// <c>:</c>, is <c>localhost</c>, or has an upper-case letter (repository paths are lower case).
    /// </summary>
    public static bool IsRegistryHost(ReadOnlySpan<char> segment) =>
        segment.IndexOfAny('.', ':') >= 0 || segment.SequenceEqual("localhost") || segment.IndexOfAnyInRange('A', 'Z') >= 0;

    /// <inheritdoc />
    public override string ToString() => Text;

    // The grammar of distribution/reference (regexp.go), anchored.
    [GeneratedRegex(@"^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[A-Fa-f0-9:]+\])(:[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainSyntax();

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathSyntax();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagSyntax();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestSyntax();
}
