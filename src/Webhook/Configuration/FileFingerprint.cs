using System.Security.Cryptography;

namespace RestoreMutator.Webhook.Configuration;

/// <summary>Reads files and tells whether their combined content changed since the last read.</summary>
internal sealed class FileFingerprint
{
    private byte[] _last = [];

    /// <summary>
    /// Reads every path (through symlinks) and returns their contents if any byte changed since the
    /// last call; null when unchanged. Throws <see cref="IOException"/> if a file cannot be read.
    /// </summary>
    public byte[][]? ReadIfChanged(params string[] paths)
    {
        var contents = paths.Select(File.ReadAllBytes).ToArray();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var content in contents)
        {
            hash.AppendData(BitConverter.GetBytes(content.Length));
            hash.AppendData(content);
        }

        var digest = hash.GetHashAndReset();
        if (digest.AsSpan().SequenceEqual(_last))
        {
            return null;
        }

        _last = digest;
        return contents;
    }
}
