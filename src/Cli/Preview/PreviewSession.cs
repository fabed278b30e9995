using System.Text.Json.Nodes;
using RestoreMutator.Cli.Preview.Inputs;

namespace RestoreMutator.Cli.Preview;

/// <summary>
/// Receives documents from the readers and previews each object as it arrives: lists are
/// unwrapped, non-objects reported, results written and counted; nothing is kept afterwards.
/// </summary>
internal sealed class PreviewSession(ObjectPreviewer previewer, IPreviewReport report, TextWriter errors) : IDocumentSink
{
    public PreviewSummary Summary { get; } = new(previewer.RuleNames);

    public void Accept(string source, JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (KubernetesLists.TryExpand(source, document, Accept))
        {
            return;
        }

        if (ObjectPreviewer.Validate(document) is { } problem)
        {
            Fail($"{source}: {problem}");
            return;
        }

        var result = previewer.Preview(source, (JsonObject)document);
        Summary.Add(result);
        report.Write(result);
    }

    public void Fail(string message)
    {
        Summary.InputErrors++;
        errors.WriteLine($"restore-mutator preview: {message}");
    }
}
