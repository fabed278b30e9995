namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>Paths in the repository the deployment assets are read from.</summary>
internal static class RepositoryFiles
{
    /// <summary>Folders that hold build output, generated keys or tools' own files, never project YAML.</summary>
    private static readonly string[] IgnoredFolders = ["artifacts", "bin", "obj", ".git", "node_modules", "TestResults", "BenchmarkDotNet.Artifacts"];

    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>
    /// Every YAML file of the project, as repository-relative paths with '/'. Helm templates are
    /// Go templates, not YAML, so they are left out (CI renders them with .ci/helm-render); generated
    /// certificate folders are left out too.
    /// </summary>
    public static IReadOnlyList<string> YamlFiles()
    {
        var files = new List<string>();
        Walk(Root, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void Walk(string folder, List<string> files)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
            {
                files.Add(Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(child);
            var relative = Path.GetRelativePath(Root, child).Replace(Path.DirectorySeparatorChar, '/');
            if (IgnoredFolders.Contains(name)
                || relative.EndsWith("helm/restore-mutator/templates", StringComparison.Ordinal)
                || relative is "certs/out" or "deploy/manifests/overlays/self-signed/certs")
            {
                continue;
            }

            Walk(child, files);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RestoreMutator.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"RestoreMutator.slnx not found above {AppContext.BaseDirectory}");
    }
}
