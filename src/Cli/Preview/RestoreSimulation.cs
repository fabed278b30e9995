using System.Text.Json.Nodes;

namespace RestoreMutator.Cli.Preview;

/// <summary>
/// Turns an object from a backup or manifest into what the webhook receives when Velero creates it
/// (Velero's `resetMetadata`/`resetStatus` and the per-item restore pipeline in `pkg/restore/restore.go`, vmware-tanzu/velero): server-set metadata (<c>uid</c>, <c>resourceVersion</c>,
/// <c>ownerReferences</c>, timestamps, ...) and <c>status</c> removed, the namespace mapped, and
/// the restore label added. The label is the first of <c>restoreLabels</c> with the value
/// <see cref="RestoreName"/> (or <c>--restore</c>), so the webhook's label check (SPEC S1) passes exactly as in a real
/// restore; it is added only when no restore label is present, and left out of the diff.
/// </summary>
public sealed class RestoreSimulation(IReadOnlyDictionary<string, string> namespaceMapping, IReadOnlyList<string> restoreLabels,
    string restoreName = RestoreSimulation.RestoreName)
{
    /// <summary>The value given to the virtual restore label unless <c>--restore</c> names another.</summary>
    public const string RestoreName = "preview";

    private static readonly string[] ResetMetadata =
    [
        "generateName", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences",
    ];

    /// <summary>Changes <paramref name="obj"/> in place into the admitted object.</summary>
    public SimulatedObject Prepare(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.Remove("status");
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }

        foreach (var field in ResetMetadata)
        {
            metadata.Remove(field);
        }

        var sourceNamespace = metadata["namespace"] is JsonValue ns && ns.TryGetValue<string>(out var value) ? value : string.Empty;
        var targetNamespace = sourceNamespace.Length > 0 && namespaceMapping.TryGetValue(sourceNamespace, out var mapped) ? mapped : sourceNamespace;
        if (targetNamespace != sourceNamespace)
        {
            metadata["namespace"] = targetNamespace;
        }

        var createdLabels = false;
        if (metadata["labels"] is not JsonObject labels)
        {
            labels = new JsonObject();
            metadata["labels"] = labels;
            createdLabels = true;
        }

        string? addedLabel = null;
        if (!restoreLabels.Any(labels.ContainsKey))
        {
            addedLabel = restoreLabels[0];
            labels[addedLabel] = restoreName;
        }

        return new SimulatedObject(obj, sourceNamespace, targetNamespace, addedLabel, createdLabels);
    }
}
