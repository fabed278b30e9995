using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// Steps through a mutable JSON tree by unescaped tokens, with RFC 6901's array index rules (no
/// leading zeros; <c>-</c> only where an <c>add</c> appends). A JSON <c>null</c> member exists
/// (its node is null); a missing one does not.
/// </summary>
internal static class JsonTree
{
    public static bool TryChild(JsonNode? node, string token, out JsonNode? child)
    {
        child = null;
        switch (node)
        {
            case JsonObject map:
                return map.TryGetPropertyValue(token, out child);
            case JsonArray array when TryIndex(token, array.Count - 1, out var index):
                child = array[index];
                return true;
            default:
                return false;
        }
    }

    /// <summary>As <see cref="TryChild(JsonNode?, string, out JsonNode?)"/>, on read-only JSON.</summary>
    public static bool TryChild(JsonElement node, string token, out JsonElement child)
    {
        child = default;
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                return node.TryGetProperty(token, out child);
            case JsonValueKind.Array when TryIndex(token, node.GetArrayLength() - 1, out var index):
                child = node[index];
                return true;
            default:
                return false;
        }
    }

    /// <summary>A node over read-only JSON, as a lazy tree has it (null for JSON null); its nodes are built where visited.</summary>
    public static JsonNode? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(element),
    };

    /// <summary>Resolves <paramref name="tokens"/> from <paramref name="root"/>.</summary>
    public static bool TryGet(JsonNode? root, IReadOnlyList<string> tokens, out JsonNode? value) =>
        TryGet(root, tokens, tokens.Count, out value);

    /// <summary>Resolves the first <paramref name="count"/> tokens (the parent when <c>count = tokens.Count - 1</c>).</summary>
    public static bool TryGet(JsonNode? root, IReadOnlyList<string> tokens, int count, out JsonNode? value)
    {
        value = root;
        for (var i = 0; i < count; i++)
        {
            if (!TryChild(value, tokens[i], out value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 6902 <c>add</c> into an existing container; false when the parent is missing, not a container, or the index is out of range.</summary>
    public static bool TryAdd(JsonNode root, IReadOnlyList<string> tokens, JsonNode? value)
    {
        if (tokens.Count == 0 || !TryGet(root, tokens, tokens.Count - 1, out var parent))
        {
            return false;
        }

        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject map:
                map[last] = value;
                return true;
            case JsonArray array when last == "-":
                array.Add(value);
                return true;
            case JsonArray array when TryIndex(last, array.Count, out var index):
                array.Insert(index, value);
                return true;
            default:
                return false;
        }
    }

    /// <summary>RFC 6902 <c>replace</c> of an existing member, in place (it keeps its position).</summary>
    public static bool TryReplace(JsonNode root, IReadOnlyList<string> tokens, JsonNode? value)
    {
        if (tokens.Count == 0 || !TryGet(root, tokens, tokens.Count - 1, out var parent))
        {
            return false;
        }

        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject map when map.ContainsKey(last):
                map[last] = value;
                return true;
            case JsonArray array when TryIndex(last, array.Count - 1, out var index):
                array[index] = value;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Removes an existing member and returns it (detached), or false when it is absent.</summary>
    public static bool TryRemove(JsonNode root, IReadOnlyList<string> tokens, out JsonNode? removed)
    {
        removed = null;
        if (tokens.Count == 0 || !TryGet(root, tokens, tokens.Count - 1, out var parent))
        {
            return false;
        }

        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject map when map.TryGetPropertyValue(last, out removed):
                map.Remove(last);
                return true;
            case JsonArray array when TryIndex(last, array.Count - 1, out var index):
                removed = array[index];
                array.RemoveAt(index);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="prefix"/> is a proper prefix of <paramref name="tokens"/> (a move into its own child).</summary>
    public static bool IsProperPrefix(IReadOnlyList<string> prefix, IReadOnlyList<string> tokens)
    {
        if (prefix.Count >= tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(prefix[i], tokens[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryIndex(string token, int max, out int index) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= max && index >= 0
        && (token == "0" || token[0] != '0');

    /// <summary>Whether a token can only be an array position (an index or <c>-</c>).</summary>
    public static bool IsArrayPosition(ReadOnlySpan<char> token) =>
        token is "-" || (token.Length > 0 && !token.ContainsAnyExceptInRange('0', '9'));
}
