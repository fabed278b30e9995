using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace RestoreMutator.Cli.Preview.Inputs;

/// <summary>
/// Reads a manifest file: JSON (one document), or YAML (any number of <c>---</c> documents, read
/// one at a time). Documents are named <c>file#N</c> (N counts from 1, empty documents included).
/// </summary>
internal static class ManifestFileReader
{
    public static void Read(string path, string displayName, IDocumentSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        try
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                ReadJson(path, displayName, sink);
            }
            else
            {
                ReadYaml(path, displayName, sink);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            sink.Fail($"{displayName}: cannot read: {e.Message}");
        }
    }

    private static void ReadJson(string path, string displayName, IDocumentSink sink)
    {
        using var stream = File.OpenRead(path);
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(stream);
        }
        catch (JsonException e)
        {
            sink.Fail($"{displayName}: not valid JSON (line {e.LineNumber + 1}): {FirstSentence(e.Message)}");
            return;
        }

        if (document is not null)
        {
            sink.Accept(displayName, document);
        }
    }

    private static void ReadYaml(string path, string displayName, IDocumentSink sink)
    {
        using var reader = new StreamReader(path);
        var yaml = new YamlDocumentReader(reader);
        var index = 0;
        while (true)
        {
            JsonNode? document;
            try
            {
                if (!yaml.TryRead(out document, out _))
                {
                    return;
                }
            }
            catch (YamlException e)
            {
                // The parser cannot resynchronise after an error: the rest of the file is not read.
                sink.Fail($"{displayName}#{index + 1}: not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
                return;
            }

            index++;
            if (document is not null)
            {
                sink.Accept($"{displayName}#{index}", document);
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
