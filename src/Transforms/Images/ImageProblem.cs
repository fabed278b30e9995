namespace RestoreMutator.Transforms.Images;

/// <summary>
/// Why an image reference was left as written (SPEC R5): the reference itself is invalid, or
/// (<paramref name="InResult"/>) the rewrite would have produced an invalid one, e.g. a mirror
/// prefix that takes the path past 255 characters.
/// </summary>
public readonly record struct ImageProblem(ReferenceError Error, bool InResult)
{
    /// <summary>Whether there is a problem at all.</summary>
    public bool Exists => Error != ReferenceError.None;

    /// <summary>
    /// The warning for the reference <paramref name="image"/> at <paramref name="where"/>
    /// (<see cref="ImageLocation.Describe"/>): short plain ASCII, as SPEC A5 asks.
    /// </summary>
    public string Warning(string where, string image) => InResult
        ? $"restore-mutator: image of {where} not rewritten, result invalid: {Reason(image)}"
        : $"restore-mutator: invalid image in {where} left as is: {Reason(image)}";

    /// <summary>A few words on <see cref="Error"/>; <paramref name="image"/> names the digest algorithm when that matters.</summary>
    public string Reason(string image) => Error switch
    {
        ReferenceError.Empty => "empty",
        ReferenceError.ImageId => "an image ID, not a repository",
        ReferenceError.InvalidHost => "bad registry host",
        ReferenceError.InvalidPath => "bad repository path",
        ReferenceError.UpperCasePath => "upper-case repository path",
        ReferenceError.PathTooLong => $"path over {ImageReference.MaxPathLength} characters",
        ReferenceError.InvalidTag => "bad tag",
        ReferenceError.InvalidDigest => "bad digest",
        ReferenceError.UnknownDigestAlgorithm => "unknown digest algorithm",
        ReferenceError.DigestEncoding => DigestEncodingReason(image),
        _ => "valid",
    };

    private static string DigestEncodingReason(string image)
    {
        var digest = image.AsSpan(image.IndexOf('@', StringComparison.Ordinal) + 1);
        var algorithm = digest[..Math.Max(0, digest.IndexOf(':'))];
        return $"{algorithm} digest needs {DigestAlgorithms.HexLength(algorithm)} lower-case hex digits";
    }
}
