namespace RestoreMutator.Transforms.Images;

/// <summary>
/// The digest algorithms a runtime accepts and the exact hex length of each. distribution/reference
/// hands the digest to go-digest, which accepts only registered algorithms with lower-case hex of
/// the hash's size: sha256, sha384 and sha512 are built in; blake3 is registered by go-digest's
/// blake3 package and listed by the OCI image spec. Any other algorithm, however well-formed, is
/// "unsupported", so such a reference is not valid (SPEC R5).
/// </summary>
internal static class DigestAlgorithms
{
    /// <summary>The hex length of <paramref name="algorithm"/>'s digests, or 0 when it is not registered.</summary>
    public static int HexLength(ReadOnlySpan<char> algorithm) => algorithm switch
    {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        "blake3" => 64,
        _ => 0,
    };
}
