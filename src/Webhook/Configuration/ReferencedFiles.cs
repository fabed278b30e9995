using System.Text;
using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Webhook.Configuration;

/// <summary>A file a configuration named, as it was read: null content when it could not be read.</summary>
internal sealed record ReferencedFile(string Path, byte[]? Content);

/// <summary>Reads the files a configuration file names (<c>resourceModifiers</c>, U5), relative to its directory.</summary>
internal static class ReferencedFiles
{
    /// <summary>
    /// A reader for the files <paramref name="configPath"/> names; every file it is asked for is
    /// added to <paramref name="read"/> with the bytes it read, so the caller can watch them (C1).
    /// </summary>
    public static ConfigFileReader RelativeTo(string configPath, List<ReferencedFile>? read = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".";
        return (string path, out string text, out string error) =>
        {
            text = string.Empty;
            error = string.Empty;
            var full = Path.Combine(directory, path);
            try
            {
                var content = File.ReadAllBytes(full);
                read?.Add(new ReferencedFile(full, content));
                text = Decode(content);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                read?.Add(new ReferencedFile(full, null));
                error = e switch
                {
                    FileNotFoundException or DirectoryNotFoundException => $"no such file ({full})",
                    UnauthorizedAccessException when Directory.Exists(full) => $"it is a directory, not a file ({full})",
                    UnauthorizedAccessException => $"permission denied ({full})",
                    _ => e.Message,
                };
                return false;
            }
        };
    }

    /// <summary>The text as <see cref="File.ReadAllText(string)"/> decodes it (UTF-8, a byte order mark honoured and dropped).</summary>
    public static string Decode(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
