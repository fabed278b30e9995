using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// RFC 7386 JSON Merge Patch: an object patch merges member by member (a <c>null</c> member
/// removes, a missing parent is created), anything else replaces the target. Arrays are replaced
/// as a whole, which is what the operator wrote.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>The merged value; <paramref name="target"/> is changed in place when both are objects.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            result.TryGetPropertyValue(name, out var existing);
            var merged = Apply(existing, value);
            if (!ReferenceEquals(merged, existing))
            {
                // In place: the member keeps its position, so the diff shows a changed value, not a moved member.
                result[name] = merged;
            }
        }

        return result;
    }
}
