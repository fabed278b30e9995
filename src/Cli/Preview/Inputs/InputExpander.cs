namespace RestoreMutator.Cli.Preview.Inputs;

/// <summary>
/// Turns the command-line paths into files: a file is read as a backup tarball
/// (<c>.tar.gz</c>, <c>.tgz</c>, <c>.tar</c>), JSON (<c>.json</c>) or YAML (anything else); a
/// directory contributes its <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files, recursively, in
/// ordinal path order so the output is the same on every machine.
/// </summary>
internal static class InputExpander
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    /// <summary>The files to read, or the paths that do not exist.</summary>
    public static (IReadOnlyList<InputFile> Files, IReadOnlyList<string> Errors) Expand(IEnumerable<string> paths)
    {
        var files = new List<InputFile>();
        var errors = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(new InputFile(path, path, KindOf(path)));
            }
            else if (Directory.Exists(path))
            {
                try
                {
                    files.AddRange(FromDirectory(path));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Add($"{path}: cannot list directory: {e.Message}");
                }
            }
            else
            {
                errors.Add($"{path}: no such file or directory");
            }
        }

        return (files, errors);
    }

    public static InputKind KindOf(string path) =>
        path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase)
            ? InputKind.VeleroBackup
            : path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? InputKind.Json : InputKind.Yaml;

    private static List<InputFile> FromDirectory(string directory)
    {
        var root = Path.TrimEndingDirectorySeparator(directory);
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(file => ManifestExtensions.Any(extension => file.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
            .Select(file => (file, display: root + "/" + Path.GetRelativePath(directory, file).Replace('\\', '/')))
            .OrderBy(pair => pair.display, StringComparer.Ordinal)
            .Select(pair => new InputFile(pair.file, pair.display, KindOf(pair.file)))
            .ToList();
    }
}
