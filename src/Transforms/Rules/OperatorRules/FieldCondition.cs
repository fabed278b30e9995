using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// One entry of <c>match.fields</c>: the value at <see cref="Path"/> exists (or not), equals a
/// JSON value, or is a string the regex matches. Through a <c>*</c> segment the condition holds
/// when any member satisfies it (U1a).
/// </summary>
public sealed class FieldCondition
{
    private FieldCondition(RulePointer path, bool? exists, JsonNode? equalsValue, bool hasEquals, Regex? regex)
    {
        Path = path;
        Exists = exists;
        EqualsValue = equalsValue;
        HasEquals = hasEquals;
        Regex = regex;
        Scope = RuleScope.Fixed(path);
        _lastWildcard = Array.LastIndexOf((string[])path.Tokens, RulePointer.Wildcard);
    }

    private readonly int _lastWildcard;

    public RulePointer Path { get; }

    public bool? Exists { get; }

    public JsonNode? EqualsValue { get; }

    public bool HasEquals { get; }

    public Regex? Regex { get; }

    /// <summary>The path's tokens before its first <c>*</c> (where the condition reads).</summary>
    internal string[] Scope { get; }

    public static FieldCondition ForExists(RulePointer path, bool exists) => new(path, exists, null, false, null);

    public static FieldCondition ForEquals(RulePointer path, JsonNode? value) => new(path, null, value, true, null);

    public static FieldCondition ForRegex(RulePointer path, Regex regex) => new(path, null, null, false, regex);

    /// <summary>Whether <paramref name="root"/> satisfies the condition (a regex timeout propagates).</summary>
    public bool Holds(JsonNode root)
    {
        foreach (var tokens in Path.Expand(root))
        {
            var found = JsonTree.TryGet(root, tokens, out var value);
            if (Exists is { } exists)
            {
                if (found == exists)
                {
                    return true;
                }
            }
            else if (found && HasEquals)
            {
                if (JsonNode.DeepEquals(value, EqualsValue))
                {
                    return true;
                }
            }
            else if (found && Regex is not null && value is JsonValue text && text.TryGetValue<string>(out var s) && Regex.IsMatch(s))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// As <see cref="Holds(JsonNode)"/>, on read-only JSON: the same paths (wildcards over the
    /// members that exist, the tokens after the last one as written) and the same tests.
    /// </summary>
    internal bool Holds(JsonElement root) => HoldsFrom(root, 0);

    private bool HoldsFrom(JsonElement node, int index)
    {
        var tokens = Path.Tokens;
        if (index > _lastWildcard)
        {
            var found = true;
            for (var i = index; i < tokens.Count && found; i++)
            {
                found = JsonTree.TryChild(node, tokens[i], out node);
            }

            return Test(found, node);
        }

        var token = tokens[index];
        if (token != RulePointer.Wildcard)
        {
            return JsonTree.TryChild(node, token, out var child) && HoldsFrom(child, index + 1);
        }

        switch (node.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var element in node.EnumerateArray())
                {
                    if (HoldsFrom(element, index + 1))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Object:
                foreach (var member in node.EnumerateObject())
                {
                    if (HoldsFrom(member.Value, index + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private bool Test(bool found, JsonElement value)
    {
        if (Exists is { } exists)
        {
            return found == exists;
        }

        if (!found)
        {
            return false;
        }

        if (HasEquals)
        {
            // Compared as the tree does (a node over the same JSON), so both readings agree.
            return JsonNode.DeepEquals(JsonTree.FromElement(value), EqualsValue);
        }

        return Regex is not null && value.ValueKind == JsonValueKind.String && JsonStrings.IsMatch(value, Regex);
    }
}
