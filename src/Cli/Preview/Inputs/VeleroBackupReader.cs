using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RestoreMutator.Cli.Preview.Inputs;

/// <summary>
/// Streams a Velero backup tarball (<c>velero backup download</c> output, gzip-compressed tar;
/// an uncompressed tar is accepted too) without extracting it: each object file is parsed as it
/// is read and handed on. Each object is previewed once, in its preferred version (the
/// version-directory copies are recognised by <see cref="VeleroEntryPath"/>); only the set of
/// object keys seen is kept, so memory stays bounded for large backups.
/// </summary>
internal static class VeleroBackupReader
{
    public static void Read(string path, string displayName, IDocumentSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var objects = 0;
        try
        {
            using var file = File.OpenRead(path);
            using var content = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            using var tar = new TarReader(content);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || VeleroEntryPath.Parse(entry.Name) is not { Preferred: true } entryPath
                    || !seen.Add(entryPath.Key))
                {
                    continue;
                }

                objects++;
                var source = $"{displayName}:{entry.Name}";
                if (entry.DataStream is null)
                {
                    sink.Fail($"{source}: empty entry");
                    continue;
                }

                JsonNode? document;
                try
                {
                    document = JsonNode.Parse(entry.DataStream);
                }
                catch (JsonException e)
                {
                    sink.Fail($"{source}: not valid JSON (line {e.LineNumber + 1})");
                    continue;
                }

                if (document is not null)
                {
                    sink.Accept(source, document);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            sink.Fail($"{displayName}: not a readable Velero backup (gzip-compressed tar): {e.Message}");
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            sink.Fail($"{displayName}: cannot read: {e.Message}");
            return;
        }

        if (objects == 0)
        {
            sink.Fail($"{displayName}: no objects under resources/; is this a `velero backup download` tarball?");
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
