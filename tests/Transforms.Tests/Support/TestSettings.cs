using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Tests.Support;

/// <summary>
/// Loads mutation settings from a full configuration file, as the offline tools do: the server's
/// own sections (which fixtures carry, e.g. <c>lookups: off</c>) are the host's and not read here.
/// </summary>
public static class TestSettings
{
    public static SettingsLoadResult Load(string yaml, ConfigFileReader? readFile = null) =>
        SettingsLoader.Load(yaml, root => root.Ignore("server", "velero", "lookups"), readFile);

    /// <summary>Reads the files a configuration names (<c>resourceModifiers</c>) from <paramref name="directory"/>.</summary>
    public static ConfigFileReader FilesIn(string directory) => (string path, out string text, out string error) =>
    {
        var full = Path.Combine(directory, path);
        error = File.Exists(full) ? string.Empty : $"no such file ({path})";
        text = error.Length == 0 ? File.ReadAllText(full) : string.Empty;
        return error.Length == 0;
    };
}
