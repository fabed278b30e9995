using System.Diagnostics.CodeAnalysis;

namespace RestoreMutator.Transforms.Images;

/// <summary>
/// A container image reference <c>[host[:port]/]path[:tag][@digest]</c>, validated and split the
/// way container runtimes do it (distribution/reference <c>ParseNormalizedNamed</c>, SPEC R5): the
/// first path segment is a registry host only if it contains <c>.</c> or <c>:</c>, is
/// <c>localhost</c>, or has upper-case letters; otherwise the image comes from Docker Hub. The
/// original text is kept so a reference that is not rewritten is never re-spelled.
/// </summary>
public sealed class ImageReference
{
    /// <summary>Docker Hub's canonical host name.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The old Docker Hub host name that Docker normalises to <see cref="DockerHub"/>.</summary>
    public const string LegacyDockerHub = "index.docker.io";

    /// <summary>The namespace Docker Hub puts one-segment names in (<c>nginx</c> is <c>library/nginx</c>).</summary>
    public const string OfficialNamespace = "library";

    /// <summary>
    /// The longest normalised repository path (<c>library/nginx</c> counts its <c>library/</c>).
    /// distribution/reference v0.6 counts the path only, as SPEC R5 says; its older copies
    /// (docker/distribution, containers/image) counted the host too.
    /// </summary>
    public const int MaxPathLength = 255;

    private readonly int _domainLength;
    private readonly int _pathLength;
    private readonly int _tagStart;
    private readonly int _digestStart;
    private readonly bool _dockerHub;
    private readonly bool _officialImage;
    private string? _domain;
    private string? _path;
    private string? _normalizedPath;

    private ImageReference(string text, int domainLength, int pathLength, int tagStart, int digestStart)
    {
        // The parts become strings only when asked for: rewriting needs spans of Text, and a
        // review's references are parsed on every call (allocation per review, docs/performance.md).
        Text = text;
        _domainLength = domainLength;
        _pathLength = pathLength;
        _tagStart = tagStart;
        _digestStart = digestStart;
        var domain = text.AsSpan(0, domainLength);
        _dockerHub = domainLength == 0 || domain.SequenceEqual(LegacyDockerHub);
        _officialImage = (_dockerHub || domain.SequenceEqual(DockerHub)) && !PathSpan.Contains('/');
    }

    /// <summary>The reference exactly as written.</summary>
    public string Text { get; }

    /// <summary>The registry host[:port] as written; empty when the reference names none (Docker Hub).</summary>
    public string Domain => _domain ??= _domainLength == 0 ? string.Empty : Text[.._domainLength];

    /// <summary>The repository path as written (<c>nginx</c>, <c>shop/web</c>), without host, tag and digest.</summary>
    public string Path => _path ??= _pathLength == Text.Length ? Text : Text.Substring(PathStart, _pathLength);

    /// <summary>The tag as written, or null (an untagged reference stays untagged).</summary>
    public string? Tag => _tagStart < 0 ? null : Text[_tagStart..(_digestStart < 0 ? Text.Length : _digestStart - 1)];

    /// <summary>The digest (<c>sha256:...</c>) as written, or null.</summary>
    public string? Digest => _digestStart < 0 ? null : Text[_digestStart..];

    /// <summary>The host used for matching: <c>docker.io</c> for short and <c>index.docker.io</c> names.</summary>
    public string NormalizedDomain => _dockerHub ? DockerHub : Domain;

    /// <summary>The path used for matching: <c>library/nginx</c> for the Docker Hub name <c>nginx</c>.</summary>
    public string NormalizedPath => _normalizedPath ??= _officialImage ? OfficialNamespace + "/" + Path : Path;

    /// <summary>
    /// Whether <see cref="NormalizedDomain"/>/<see cref="NormalizedPath"/> is spelled in
    /// <see cref="Text"/> as it stands (an explicit host other than <c>index.docker.io</c>, and no
    /// implied <c>library/</c>): then <see cref="WrittenName"/> is the normalised name.
    /// </summary>
    internal bool IsNormalizedAsWritten => !_dockerHub && !_officialImage;

    /// <summary><c>host/path</c> as written, without tag and digest (a span of <see cref="Text"/>).</summary>
    internal ReadOnlySpan<char> WrittenName => Text.AsSpan(0, PathStart + _pathLength);

    /// <summary>The length of <see cref="NormalizedDomain"/>, without making the string.</summary>
    internal int NormalizedDomainLength => _dockerHub ? DockerHub.Length : _domainLength;

    private int PathStart => _domainLength == 0 ? 0 : _domainLength + 1;

    private ReadOnlySpan<char> PathSpan => Text.AsSpan(PathStart, _pathLength);

    /// <summary>The tag and digest part exactly as written (<c>:1.25</c>, <c>@sha256:...</c>, or empty).</summary>
    public ReadOnlySpan<char> Suffix => Text.AsSpan(PathStart + _pathLength);

    /// <summary>Parses <paramref name="text"/>; false for anything a runtime would not pull (SPEC R5).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference) => TryParse(text, out reference, out _);

    /// <summary>
    /// Parses <paramref name="text"/> by the grammar of distribution/reference. Returns false, with
    /// the first problem found in <paramref name="error"/>, for anything a runtime would not pull:
    /// such a reference is never rewritten.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, out ReferenceError error)
    {
        reference = null;
        error = Scan(text, out var domainLength, out var pathLength, out var tagStart, out var digestStart);
        if (error != ReferenceError.None)
        {
            return false;
        }

        reference = new ImageReference(text!, domainLength, pathLength, tagStart, digestStart);
        return true;
    }

    /// <summary>The first problem of <paramref name="text"/> as a reference, or <see cref="ReferenceError.None"/>; allocates nothing.</summary>
    public static ReferenceError Validate(string? text) => Scan(text, out _, out _, out _, out _);

    /// <summary>
    /// Docker's rule for the first segment of a name: a registry host if it contains <c>.</c> or
    /// <c>:</c>, is <c>localhost</c>, or has an upper-case letter (repository paths are lower case).
    /// </summary>
    public static bool IsRegistryHost(ReadOnlySpan<char> segment) =>
        segment.IndexOfAny('.', ':') >= 0 || segment.SequenceEqual("localhost") || segment.IndexOfAnyInRange('A', 'Z') >= 0;

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Finds the parts of <paramref name="text"/> and checks each against its production.</summary>
    private static ReferenceError Scan(string? text, out int domainLength, out int pathLength, out int tagStart, out int digestStart)
    {
        (domainLength, pathLength, tagStart, digestStart) = (0, 0, -1, -1);
        if (string.IsNullOrEmpty(text))
        {
            return ReferenceError.Empty;
        }

        var span = text.AsSpan();
        var at = span.IndexOf('@');
        var name = at < 0 ? span : span[..at];
        if (at >= 0)
        {
            digestStart = at + 1;
            if (ReferenceGrammar.CheckDigest(span[digestStart..]) is var digestError and not ReferenceError.None)
            {
                return digestError;
            }
        }
        else if (ReferenceGrammar.IsIdentifier(span) || (span.IndexOf('/') < 0 && ReferenceGrammar.CheckDigest(span) == ReferenceError.None))
        {
            // "0123...cdef" and "sha256:0123...cdef" name an image already in the runtime's store
            // (distribution/reference refuses the first; runtimes look both up as image IDs).
            return ReferenceError.ImageId;
        }

        var slash = name.IndexOf('/');
        if (slash >= 0 && IsRegistryHost(name[..slash]))
        {
            if (!ReferenceGrammar.IsDomain(name[..slash]))
            {
                return ReferenceError.InvalidHost;
            }

            domainLength = slash;
        }

        var pathStart = domainLength == 0 ? 0 : domainLength + 1;
        var remainder = name[pathStart..];
        var colon = remainder.IndexOf(':');
        var path = colon < 0 ? remainder : remainder[..colon];
        if (colon >= 0)
        {
            tagStart = pathStart + colon + 1;
            if (!ReferenceGrammar.IsTag(remainder[(colon + 1)..]))
            {
                return ReferenceError.InvalidTag;
            }
        }

        if (ReferenceGrammar.CheckPath(path) is var pathError and not ReferenceError.None)
        {
            return pathError;
        }

        pathLength = path.Length;
        var domain = span[..domainLength];
        var official = (domainLength == 0 || domain.SequenceEqual(DockerHub) || domain.SequenceEqual(LegacyDockerHub)) && path.IndexOf('/') < 0;
        return pathLength + (official ? OfficialNamespace.Length + 1 : 0) > MaxPathLength ? ReferenceError.PathTooLong : ReferenceError.None;
    }
}
