using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Rules.OperatorRules;
using RestoreMutator.Transforms.Rules.OperatorRules.Velero;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>A Velero rule's <c>patches</c> (JSON patch, Velero's value typing) and <c>mergePatches</c>.</summary>
internal static partial class ResourceModifiersReader
{
    private static readonly string[] OperationNames = ["add", "remove", "replace", "copy", "move", "test"];


    private static List<RuleOperation> ReadPatches(ConfigSection rule, ref bool valid)
    {
        var operations = new List<RuleOperation>();
        foreach (var item in rule.SectionList("patches", "a JSON patch operation {operation, path, value | from}"))
        {
            var op = item.String("operation", string.Empty).ToLowerInvariant();
            var path = OperatorRulesReader.Pointer(item, "path", item.String("path", string.Empty));
            var fromText = item.String("from", string.Empty);
            var value = Value(item, ref valid);
            item.RejectUnknownKeys();
            if (!OperationNames.Contains(op, StringComparer.Ordinal))
            {
                item.Error("operation", op.Length == 0 ? $"is required (one of {string.Join(", ", OperationNames)})" : $"must be one of {string.Join(", ", OperationNames)}, got '{ConfigChecks.Clip(op)}'");
                valid = false;
                continue;
            }

            var kind = Enum.Parse<RuleOperationKind>(op, ignoreCase: true);
            RulePointer? from = null;
            if (kind is RuleOperationKind.Copy or RuleOperationKind.Move)
            {
                from = OperatorRulesReader.Pointer(item, "from", fromText);
                if (from is null)
                {
                    valid = false;
                    continue;
                }
            }

            if (path is null || !RuleActionsReader.CheckTarget(item, kind, path))
            {
                valid = false;
                continue;
            }

            var takesValue = kind is RuleOperationKind.Add or RuleOperationKind.Replace or RuleOperationKind.Test;
            operations.Add(new RuleOperation(kind, path, from, takesValue ? value : null));
        }

        return operations;
    }

    /// <summary>A <c>value</c> typed as Velero types it; absent is the empty string, as in Velero.</summary>
    private static JsonNode? Value(ConfigSection item, ref bool valid)
    {
        if (!item.TryGetRaw("value", out var node))
        {
            return JsonValue.Create(string.Empty);
        }

        if (node is not YamlScalarNode scalar)
        {
            item.ErrorAt(node, "value", "must be text (Velero's format writes JSON values as text, for example '{\"a\": 1}' or '[1, 2]')");
            valid = false;
            return null;
        }

        if (!VeleroValue.TryParse(scalar.Value ?? string.Empty, out var value, out var error))
        {
            item.ErrorAt(node, "value", error);
            valid = false;
        }

        return value;
    }

    private static List<JsonObject> ReadMergePatches(ConfigSection rule, ref bool valid)
    {
        var patches = new List<JsonObject>();
        foreach (var item in rule.SectionList("mergePatches", "a merge patch {patchData}"))
        {
            var data = item.Node("patchData");
            item.RejectUnknownKeys();
            if (data is null)
            {
                item.Error("patchData", "is required (an RFC 7386 merge patch as JSON or YAML)");
                valid = false;
                continue;
            }

            var patch = data is YamlScalarNode text ? PatchData(item, text) : Convert(item, data);
            if (patch is null)
            {
                valid = false;
                continue;
            }

            if (MetadataShape.OfMergePatch(patch) is { } problem)
            {
                item.Error("patchData", problem);
                valid = false;
                continue;
            }

            patches.Add(patch);
        }

        // Velero applies the patches one after the other; as one patch they mean the same unless a
        // later one merges into a member an earlier one made a non-object (or removed).
        for (var i = 1; i < patches.Count; i++)
        {
            if (Conflict(patches[0], patches[i], string.Empty) is { } path)
            {
                rule.Error($"mergePatches[{i}]", $"merges into {path}, which an earlier patch removes or sets to a non-object; write them as one patch");
                valid = false;
                return [];
            }

            Compose(patches[0], patches[i]);
        }

        return patches.Count == 0 ? patches : [patches[0]];
    }

    private static string? Conflict(JsonObject first, JsonObject next, string path)
    {
        foreach (var (key, value) in next)
        {
            if (value is JsonObject nested && first.TryGetPropertyValue(key, out var earlier))
            {
                var at = $"{path}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
                if (earlier is not JsonObject earlierObject)
                {
                    return at;
                }

                if (Conflict(earlierObject, nested, at) is { } inner)
                {
                    return inner;
                }
            }
        }

        return null;
    }

    /// <summary>Folds <paramref name="next"/> into <paramref name="first"/> (no conflict, see <see cref="Conflict"/>).</summary>
    private static void Compose(JsonObject first, JsonObject next)
    {
        foreach (var (key, value) in next.ToArray())
        {
            if (value is JsonObject nested && first[key] is JsonObject earlier)
            {
                Compose(earlier, nested);
            }
            else
            {
                first[key] = value?.DeepClone();
            }
        }
    }

    private static JsonObject? PatchData(ConfigSection item, YamlScalarNode text)
    {
        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(text.Value ?? string.Empty);
            stream.Load(reader);
            if (stream.Documents.Count == 1)
            {
                return Convert(item, stream.Documents[0].RootNode);
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            item.ErrorAt(text, "patchData", $"is neither JSON nor YAML: {e.Message}");
            return null;
        }

        item.ErrorAt(text, "patchData", "must be one merge patch (a JSON or YAML mapping)");
        return null;
    }

    private static JsonObject? Convert(ConfigSection item, YamlNode node)
    {
        if (YamlJson.TryConvert(node, out var json, out var error) && json is JsonObject patch)
        {
            return patch;
        }

        item.ErrorAt(node, "patchData", error.Length > 0 ? error : "must be a mapping (an RFC 7386 merge patch of the object)");
        return null;
    }
}
