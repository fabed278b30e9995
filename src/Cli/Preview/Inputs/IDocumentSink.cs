using System.Text.Json.Nodes;

namespace RestoreMutator.Cli.Preview.Inputs;

/// <summary>
/// Receives what the input readers find, one document at a time, so a large backup is never held
/// in memory: parsed documents, and problems that make an input (or part of it) unreadable.
/// </summary>
internal interface IDocumentSink
{
    /// <summary>One parsed document; <paramref name="source"/> names where it came from (file, document index, tar entry).</summary>
    void Accept(string source, JsonNode document);

    /// <summary>An input that could not be read; the preview goes on with the others and exits 2.</summary>
    void Fail(string message);
}
