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
        return Changed(contents) ? contents : null;
    }

    /// <summary>
    /// As <see cref="ReadIfChanged(string[])"/> for <paramref name="path"/>, which must be readable,
    /// and <paramref name="alsoRead"/>, where a missing or unreadable file counts as absent (its
    /// appearing is a change). Returns the content of <paramref name="path"/> when anything changed.
    /// </summary>
    public byte[]? ReadIfChanged(string path, IReadOnlyList<string> alsoRead)
    {
        var first = File.ReadAllBytes(path);
        var contents = new byte[]?[alsoRead.Count + 1];
        contents[0] = first;
        for (var i = 0; i < alsoRead.Count; i++)
        {
            contents[i + 1] = TryRead(alsoRead[i]);
        }

        return Changed(contents) ? first : null;
    }

    /// <summary>Takes <paramref name="contents"/> (as read by someone else) as the last state seen.</summary>
    public void Remember(IReadOnlyList<byte[]?> contents) => _last = Digest(contents);

    private bool Changed(IReadOnlyList<byte[]?> contents)
    {
        var digest = Digest(contents);
        if (digest.AsSpan().SequenceEqual(_last))
        {
            return false;
        }

        _last = digest;
        return true;
    }

    private static byte[] Digest(IReadOnlyList<byte[]?> contents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var content in contents)
        {
            hash.AppendData(BitConverter.GetBytes(content?.Length ?? -1));
            hash.AppendData(content ?? []);
        }

        return hash.GetHashAndReset();
    }

    private static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
