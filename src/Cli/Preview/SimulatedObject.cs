using System.Text.Json.Nodes;

namespace RestoreMutator.Cli.Preview;

/// <summary>An object as the webhook would receive it, with what the simulation added to it.</summary>
internal sealed record SimulatedObject(JsonObject Admitted, string SourceNamespace, string TargetNamespace, string? AddedLabel, bool CreatedLabels)
{
    /// <summary>A copy of <paramref name="obj"/> without the virtual restore label, for display.</summary>
    public JsonNode ForDisplay(JsonNode obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var copy = obj.DeepClone();
        if (AddedLabel is not null && copy["metadata"] is JsonObject metadata && metadata["labels"] is JsonObject labels)
        {
            labels.Remove(AddedLabel);
            if (CreatedLabels && labels.Count == 0)
            {
                metadata.Remove("labels");
            }
        }

        return copy;
    }
}
