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
            if (Test(JsonTree.TryGet(root, tokens, out var value), value))
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

    /// <summary>
    /// As <see cref="Holds(JsonElement)"/> on the request as <paramref name="replaced"/> left it:
    /// <c>replace</c> operations, in their order, each exactly as deep as <see cref="Path"/>
    /// (so none changes what the path reaches, only values at its ends); where one or more of
    /// them is at a member the path reaches, the last one's value is read instead.
    /// </summary>
    internal bool Holds(JsonElement root, IReadOnlyList<Patching.PatchOperation> replaced)
    {
        // Where each operation's tokens start (one row per operation, a token past the last),
        // and the operations whose literal tokens are the path's.
        var width = Path.Tokens.Count + 1;
        Span<int> starts = replaced.Count * width <= 256 ? stackalloc int[replaced.Count * width] : new int[replaced.Count * width];
        var candidates = 0UL;
        for (var i = 0; i < replaced.Count; i++)
        {
            if (Tokenize(replaced[i].Path, starts.Slice(i * width, width)))
            {
                candidates |= 1UL << i;
            }
        }

        return HoldsFrom(root, 0, candidates, replaced, starts);
    }

    /// <summary>Records where the pointer's tokens start; true when its tokens other than <c>*</c> are the path's.</summary>
    private bool Tokenize(string pointer, Span<int> starts)
    {
        var tokens = Path.Tokens;
        var position = 1;
        var same = true;
        for (var i = 0; i < tokens.Count; i++)
        {
            starts[i] = position;
            var end = pointer.IndexOf('/', position);
            end = end < 0 ? pointer.Length : end;
            same &= tokens[i] == RulePointer.Wildcard || RuleDocument.TokenEquals(pointer.AsSpan(position, end - position), tokens[i]);
            position = end + 1;
        }

        starts[tokens.Count] = position;
        return same;
    }

    private bool HoldsFrom(JsonElement node, int index, ulong candidates, IReadOnlyList<Patching.PatchOperation> replaced, ReadOnlySpan<int> starts)
    {
        if (candidates == 0)
        {
            return HoldsFrom(node, index);
        }

        var tokens = Path.Tokens;
        if (index > _lastWildcard)
        {
            // The operations left are at this very member: the last one's value is there.
            var last = 63 - System.Numerics.BitOperations.LeadingZeroCount(candidates);
            return Test(found: true, replaced[last].Value);
        }

        var token = tokens[index];
        if (token != RulePointer.Wildcard)
        {
            return JsonTree.TryChild(node, token, out var child) && HoldsFrom(child, index + 1, candidates, replaced, starts);
        }

        var width = tokens.Count + 1;
        switch (node.ValueKind)
        {
            case JsonValueKind.Array:
                var position = 0;
                foreach (var element in node.EnumerateArray())
                {
                    if (HoldsFrom(element, index + 1, AtPosition(candidates, replaced, starts, (width, index), position++), replaced, starts))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Object:
                foreach (var member in node.EnumerateObject())
                {
                    if (HoldsFrom(member.Value, index + 1, AtMember(candidates, replaced, starts, (width, index), member), replaced, starts))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>The candidates whose token at <c>at.Index</c> is array position <paramref name="position"/>.</summary>
    private static ulong AtPosition(ulong candidates, IReadOnlyList<Patching.PatchOperation> replaced, ReadOnlySpan<int> starts, (int Width, int Index) at, int position)
    {
        var selected = 0UL;
        for (var rest = candidates; rest != 0; rest &= rest - 1)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(rest);
            if (int.TryParse(TokenAt(replaced[i].Path, starts, (i * at.Width) + at.Index), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p)
                && p == position)
            {
                selected |= 1UL << i;
            }
        }

        return selected;
    }

    /// <summary>The candidates whose token at <c>at.Index</c> is the name of <paramref name="member"/>.</summary>
    private static ulong AtMember(ulong candidates, IReadOnlyList<Patching.PatchOperation> replaced, ReadOnlySpan<int> starts, (int Width, int Index) at, JsonProperty member)
    {
        var selected = 0UL;
        for (var rest = candidates; rest != 0; rest &= rest - 1)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(rest);
            if (NameIs(member, TokenAt(replaced[i].Path, starts, (i * at.Width) + at.Index)))
            {
                selected |= 1UL << i;
            }
        }

        return selected;
    }

    private static ReadOnlySpan<char> TokenAt(string pointer, ReadOnlySpan<int> starts, int row) =>
        pointer.AsSpan(starts[row], starts[row + 1] - 1 - starts[row]);

    private static bool NameIs(JsonProperty member, ReadOnlySpan<char> escaped)
    {
        if (!escaped.Contains('~'))
        {
            return member.NameEquals(escaped);
        }

        Span<char> buffer = escaped.Length <= 256 ? stackalloc char[escaped.Length] : new char[escaped.Length];
        return member.NameEquals(buffer[..Patching.JsonPointer.Unescape(escaped, buffer)]);
    }

    /// <summary>The test on a tree's value (<paramref name="found"/>: whether it exists).</summary>
    private bool Test(bool found, JsonNode? value)
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
            return JsonNode.DeepEquals(value, EqualsValue);
        }

        return Regex is not null && value is JsonValue text && text.TryGetValue<string>(out var s) && Regex.IsMatch(s);
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
