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
        var changed = false;
        return Apply(target, patch, ref changed);
    }

    /// <summary>As <see cref="Apply(JsonNode?, JsonNode?)"/>, telling whether anything changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch, ref bool changed)
    {
        if (patch is not JsonObject members)
        {
            if (JsonNode.DeepEquals(target, patch))
            {
                return target;
            }

            changed = true;
            return patch?.DeepClone();
        }

        var result = target as JsonObject;
        if (result is null)
        {
            result = [];
            changed = true;
        }

        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                changed |= result.Remove(name);
                continue;
            }

            var present = result.TryGetPropertyValue(name, out var existing);
            var merged = Apply(existing, value, ref changed);
            if (!present || !ReferenceEquals(merged, existing))
            {
                // In place: the member keeps its position, so the diff shows a changed value, not a moved member.
                result[name] = merged;
                changed = true;
            }
        }

        return result;
    }
}
