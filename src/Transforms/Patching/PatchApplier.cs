using System.Globalization;
using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Patching;

/// <summary>
/// Applies the webhook's own operations (add, remove, replace) to a copy of the object, to show
/// the result. As strict as the API server's evanphx/json-patch v4: <c>add</c> needs an existing
/// parent, <c>remove</c>/<c>replace</c> an existing target, so a patch the API server would reject
/// is reported instead of shown.
/// </summary>
public static class PatchApplier
{
    /// <summary>The patched copy of <paramref name="document"/>; throws <see cref="InvalidOperationException"/> when an operation cannot apply.</summary>
    public static JsonNode Apply(JsonNode document, IReadOnlyList<PatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(operations);
        var result = document.DeepClone();
        ApplyInPlace(result, operations);
        return result;
    }

    /// <summary>Applies <paramref name="operations"/> to <paramref name="document"/> itself (no copy); throws as <see cref="Apply"/> does.</summary>
    public static void ApplyInPlace(JsonNode document, IReadOnlyList<PatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations)
        {
            ApplyInPlace(document, operation);
        }
    }

    /// <summary>Applies one operation to <paramref name="document"/> itself; throws as <see cref="Apply"/> does.</summary>
    public static void ApplyInPlace(JsonNode document, PatchOperation operation)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(operation);
        var tokens = Tokens(operation.Path);
        if (tokens.Count == 0)
        {
            throw new InvalidOperationException($"{operation.Op} of the whole object ({operation.Path})");
        }

        var parent = Resolve(document, tokens, operation.Path);
        var last = tokens[^1];
        switch (operation.Kind)
        {
            case PatchOperationKind.Add:
                Add(parent, last, operation.Value?.DeepClone(), operation);
                break;
            case PatchOperationKind.Remove:
                Remove(parent, last, operation);
                break;
            default:
                Replace(parent, last, operation.Value?.DeepClone(), operation);
                break;
        }
    }

    private static List<string> Tokens(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (path[0] != '/')
        {
            throw new InvalidOperationException($"not a JSON pointer: {path}");
        }

        return path[1..].Split('/').Select(token => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode Resolve(JsonNode root, List<string> tokens, string path)
    {
        var node = root;
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            node = Child(node, tokens[i]) ?? throw new InvalidOperationException($"parent of {path} does not exist");
        }

        return node;
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject map => map.TryGetPropertyValue(token, out var value) ? value : null,
        JsonArray array when TryIndex(token, array.Count - 1, out var index) => array[index],
        _ => null,
    };

    private static void Remove(JsonNode parent, string token, PatchOperation operation)
    {
        switch (parent)
        {
            case JsonObject map when map.ContainsKey(token):
                map.Remove(token);
                break;
            case JsonArray array when TryIndex(token, array.Count - 1, out var index):
                array.RemoveAt(index);
                break;
            default:
                throw new InvalidOperationException($"{operation.Op} of missing {operation.Path}");
        }
    }

    /// <summary>Replaces in place, so the member keeps its position and the diff shows a changed line, not a moved one.</summary>
    private static void Replace(JsonNode parent, string token, JsonNode? value, PatchOperation operation)
    {
        switch (parent)
        {
            case JsonObject map when map.ContainsKey(token):
                map[token] = value;
                break;
            case JsonArray array when TryIndex(token, array.Count - 1, out var index):
                array[index] = value;
                break;
            default:
                throw new InvalidOperationException($"{operation.Op} of missing {operation.Path}");
        }
    }

    private static void Add(JsonNode parent, string token, JsonNode? value, PatchOperation operation)
    {
        switch (parent)
        {
            case JsonObject map:
                map[token] = value;
                break;
            case JsonArray array when token == "-":
                array.Add(value);
                break;
            case JsonArray array when TryIndex(token, array.Count, out var index):
                array.Insert(index, value);
                break;
            default:
                throw new InvalidOperationException($"{operation.Op} at {operation.Path}: parent is not a container or index is out of range");
        }
    }

    private static bool TryIndex(string token, int max, out int index) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= max && (token == "0" || token[0] != '0');
}
