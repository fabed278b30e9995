using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Cli;

/// <summary>Reads the files a configuration file names (<c>resourceModifiers</c>, U5), relative to its directory.</summary>
internal static class ReferencedFiles
{
    public static ConfigFileReader RelativeTo(string configPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".";
        return (string path, out string text, out string error) =>
        {
            text = string.Empty;
            error = string.Empty;
            var full = Path.Combine(directory, path);
            try
            {
                text = File.ReadAllText(full);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
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
}
