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
    }

    public RulePointer Path { get; }

    public bool? Exists { get; }

    public JsonNode? EqualsValue { get; }

    public bool HasEquals { get; }

    public Regex? Regex { get; }

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
}
