namespace RestoreMutator.Transforms.Images;

/// <summary>
/// Why a string is not an image reference a container runtime would pull (SPEC R5), in the terms of
/// distribution/reference's <c>ParseNormalizedNamed</c>. <see cref="None"/> means valid.
/// </summary>
public enum ReferenceError
{
    /// <summary>A valid reference.</summary>
    None,

    /// <summary>Empty text.</summary>
    Empty,

    /// <summary>A bare 64-hex image ID (or <c>sha256:&lt;hex&gt;</c>): names a local image, not a repository.</summary>
    ImageId,

    /// <summary>The first segment is a registry host by Docker's rule but not a valid host[:port].</summary>
    InvalidHost,

    /// <summary>The repository path is empty or breaks the path-component grammar.</summary>
    InvalidPath,

    /// <summary>The repository path has upper-case letters (otherwise valid).</summary>
    UpperCasePath,

    /// <summary>The normalised repository path is longer than <see cref="ImageReference.MaxPathLength"/> characters.</summary>
    PathTooLong,

    /// <summary>The tag is empty, longer than 128 characters, or has characters outside <c>[\w.-]</c>.</summary>
    InvalidTag,

    /// <summary>The digest is not <c>algorithm:hex</c> with at least 32 hex digits.</summary>
    InvalidDigest,

    /// <summary>A well-formed digest whose algorithm is not registered (see <see cref="DigestAlgorithms"/>).</summary>
    UnknownDigestAlgorithm,

    /// <summary>A registered algorithm whose hex part has the wrong length or upper-case letters.</summary>
    DigestEncoding,
}
