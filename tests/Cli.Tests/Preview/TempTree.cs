using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>A temporary directory with files and tarballs built by a test (nothing binary is committed).</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "restore-mutator-preview-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes a gzip-compressed tar with the given entries, in order.</summary>
    public string Tarball(string relativePath, IEnumerable<(string Name, string Content)> entries)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in entries)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
            tar.WriteEntry(entry);
        }

        return path;
    }

    /// <summary>
    /// A tarball laid out as Velero writes it from a folder of objects at
    /// <c>resources/&lt;resource&gt;/{namespaces/&lt;ns&gt;,cluster}/&lt;name&gt;.json</c>: each object
    /// also under <c>&lt;version&gt;-preferredversion/</c> (the same as examples/make-sample-backup.sh).
    /// </summary>
    public string VeleroBackupFrom(string relativePath, string folder)
    {
        var entries = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "resources"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(folder, file).Replace('\\', '/');
            var content = File.ReadAllText(file);
            var apiVersion = (string)System.Text.Json.Nodes.JsonNode.Parse(content)!["apiVersion"]!;
            var version = apiVersion[(apiVersion.LastIndexOf('/') + 1)..];
            var parts = name.Split('/');
            entries.Add((name, content));
            entries.Add(($"resources/{parts[1]}/{version}-preferredversion/{string.Join('/', parts[2..])}", content));
        }

        return Tarball(relativePath, entries);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
