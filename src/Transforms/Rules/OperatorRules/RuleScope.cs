using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// Where a rule can change a document, decided from the rule alone: the paths of its changing
/// operations (and the source of a move), the leaves of its merge patch and the paths of its
/// replacements, each cut before its first <c>*</c>. Everything a rule changes lies at or under
/// one of these paths, or creates a missing or non-object member on the way to one. The diff
/// (U2) walks only these paths and a copy for the run-time checks (U3) covers only them.
/// </summary>
internal static class RuleScope
{
    private static readonly ConditionalWeakTable<OperatorRule, string[][]> Cache = new();
    private static readonly ConditionalWeakTable<OperatorRule, string[][]> ReadsCache = new();

    /// <summary>The rule's paths as token arrays; an empty array is the whole document.</summary>
    public static string[][] Of(OperatorRule rule) => Cache.GetValue(rule, Compute);

    /// <summary>
    /// Everywhere the rule reads, to run it and to check it again (U3): <see cref="Of"/>, the
    /// paths of its tests and of what it copies, its field conditions and, with a label
    /// selector, the labels; each cut before its first <c>*</c>.
    /// </summary>
    public static string[][] Reads(OperatorRule rule) => ReadsCache.GetValue(rule, ComputeReads);

    private static string[][] ComputeReads(OperatorRule rule)
    {
        var reads = new List<string[]>(Of(rule));
        foreach (var operation in rule.Patch)
        {
            if (operation.Kind == RuleOperationKind.Test)
            {
                reads.Add(Fixed(operation.Path));
            }
            else if (operation.Kind == RuleOperationKind.Copy && operation.From is { } from)
            {
                reads.Add(Fixed(from));
            }
        }

        foreach (var condition in rule.Match.Fields)
        {
            reads.Add(condition.Scope);
        }

        if (rule.Match.LabelSelector is not null)
        {
            reads.Add(RuleDocument.LabelsPath);
        }

        return [.. reads];
    }

    private static string[][] Compute(OperatorRule rule)
    {
        var scopes = new List<string[]>();
        foreach (var operation in rule.Patch)
        {
            if (operation.Kind == RuleOperationKind.Test)
            {
                continue;
            }

            scopes.Add(Fixed(operation.Path));
            if (operation.Kind == RuleOperationKind.Move && operation.From is { } from)
            {
                scopes.Add(Fixed(from));
            }
        }

        if (rule.MergePatch is { } merge)
        {
            MergeLeaves(merge, [], scopes);
        }

        foreach (var replacement in rule.Replace)
        {
            scopes.Add(Fixed(replacement.Path));
        }

        return [.. scopes];
    }

    /// <summary>The tokens before the first wildcard.</summary>
    public static string[] Fixed(RulePointer pointer)
    {
        var tokens = pointer.Tokens;
        var count = 0;
        while (count < tokens.Count && tokens[count] != RulePointer.Wildcard)
        {
            count++;
        }

        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = tokens[i];
        }

        return result;
    }

    private static void MergeLeaves(JsonObject patch, List<string> prefix, List<string[]> scopes)
    {
        foreach (var (name, value) in patch)
        {
            prefix.Add(name);
            if (value is JsonObject members && members.Count > 0)
            {
                MergeLeaves(members, prefix, scopes);
            }
            else
            {
                scopes.Add([.. prefix]);
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}

/// <summary>
/// Paths below which a document may differ from its earlier state; a node marked whole may
/// differ anywhere inside. Members off every path are unchanged.
/// </summary>
internal sealed class TouchedPaths
{
    // A few children per node (one path usually, two or three where paths part): a small array
    // searched in order costs less than a dictionary per node.
    private TouchedPaths[]? _children;
    private int _count;

    private TouchedPaths(string token) => Token = token;

    public TouchedPaths()
        : this(string.Empty)
    {
    }

    /// <summary>Whether anything at or under this node may have changed.</summary>
    public bool IsWhole { get; private set; }

    /// <summary>The member this node stands for under its parent.</summary>
    public string Token { get; }

    public void Add(IReadOnlyList<string> tokens)
    {
        var node = this;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (node.IsWhole)
            {
                return;
            }

            node = node.Child(tokens[i]) ?? node.AddChild(tokens[i]);
        }

        node.IsWhole = true;
        node._children = null;
        node._count = 0;
    }

    public void AddWhole() => Add([]);

    /// <summary>
    /// Whether something at, above or under a path <paramref name="pattern"/> can reach is on a
    /// path (a <c>*</c> token stands for every member; an array position for every position, since
    /// an insert or remove at one moves the others).
    /// </summary>
    public bool Overlaps(IReadOnlyList<string> pattern) => Overlaps(this, pattern, 0);

    private static bool Overlaps(TouchedPaths node, IReadOnlyList<string> pattern, int index)
    {
        if (node.IsWhole)
        {
            return true;
        }

        if (index == pattern.Count || node._count == 0)
        {
            return index == pattern.Count && node._count > 0;
        }

        var token = pattern[index];
        var wildcard = token == RulePointer.Wildcard;
        var position = !wildcard && JsonTree.IsArrayPosition(token);
        for (var i = 0; i < node._count; i++)
        {
            // An insert or remove at another position of the same array moves this one.
            var child = node._children![i];
            if ((wildcard || string.Equals(child.Token, token, StringComparison.Ordinal) || (position && JsonTree.IsArrayPosition(child.Token)))
                && Overlaps(child, pattern, index + 1))
            {
                return true;
            }
        }

        return false;
    }

    public bool TryGetChild(string token, out TouchedPaths child)
    {
        child = Child(token)!;
        return child is not null;
    }

    /// <summary>As <see cref="TryGetChild(string, out TouchedPaths)"/> for a member of read-only JSON (its name is not read into a string).</summary>
    public bool TryGetChild(JsonProperty member, out TouchedPaths child)
    {
        for (var i = 0; i < _count; i++)
        {
            if (member.NameEquals(_children![i].Token))
            {
                child = _children[i];
                return true;
            }
        }

        child = null!;
        return false;
    }

    private TouchedPaths? Child(string token)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_children![i].Token, token, StringComparison.Ordinal))
            {
                return _children[i];
            }
        }

        return null;
    }

    private TouchedPaths AddChild(string token)
    {
        var child = new TouchedPaths(token);
        _children ??= new TouchedPaths[2];
        if (_count == _children.Length)
        {
            Array.Resize(ref _children, _count * 2);
        }

        _children[_count++] = child;
        return child;
    }
}

/// <summary>
/// A copy of the parts of a document one rule can change (<see cref="RuleScope"/>), so a rule
/// that stops midway or fails the U3 check can be undone on the live document instead of being
/// run on a copy of the whole object. Each copied part hangs from an object member (paths are
/// cut at the first array, so positions inside arrays cannot shift a part); undoing puts the
/// parts back with the members of their parent in their original order.
/// </summary>
internal sealed class RuleSnapshot
{
    private readonly List<Part> _parts;
    private readonly Dictionary<JsonObject, string[]> _orders;

    private RuleSnapshot(List<Part> parts, Dictionary<JsonObject, string[]> orders)
    {
        _parts = parts;
        _orders = orders;
    }

    /// <summary>The snapshot, or null when a path is the whole document (then only a full copy will do).</summary>
    public static RuleSnapshot? Take(JsonNode root, string[][] scopes)
    {
        var found = new List<(JsonObject Parent, string Key, int Depth, string[] Scope)>(scopes.Length);
        foreach (var scope in scopes)
        {
            JsonNode? node = root;
            JsonObject? parent = null;
            string? key = null;
            var depth = 0;
            while (depth < scope.Length && node is JsonObject map)
            {
                parent = map;
                key = scope[depth];
                depth++;
                if (!map.TryGetPropertyValue(key, out node))
                {
                    break;
                }
            }

            if (parent is null)
            {
                return null;
            }

            found.Add((parent, key!, depth, scope));
        }

        var parts = new List<Part>(found.Count);
        var orders = new Dictionary<JsonObject, string[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < found.Count; i++)
        {
            if (Covered(found, i))
            {
                continue;
            }

            var (parent, key, _, _) = found[i];
            if (!orders.ContainsKey(parent))
            {
                var order = new string[parent.Count];
                var k = 0;
                foreach (var member in parent)
                {
                    order[k++] = member.Key;
                }

                orders[parent] = order;
            }

            var present = parent.TryGetPropertyValue(key, out var value);
            parts.Add(new Part(parent, key, present, present ? value?.DeepClone() : null));
        }

        return new RuleSnapshot(parts, orders);
    }

    /// <summary>Puts the document back as it was when the snapshot was taken (once).</summary>
    public void Restore()
    {
        foreach (var (parent, order) in _orders)
        {
            var current = new Dictionary<string, JsonNode?>(parent.Count, StringComparer.Ordinal);
            foreach (var (name, value) in parent)
            {
                current[name] = value;
            }

            parent.Clear();
            foreach (var name in order)
            {
                var value = current.GetValueOrDefault(name);
                foreach (var part in _parts)
                {
                    if (ReferenceEquals(part.Parent, parent) && string.Equals(part.Key, name, StringComparison.Ordinal))
                    {
                        value = part.Value;
                        break;
                    }
                }

                parent.Add(name, value);
            }
        }
    }

    /// <summary>Whether another path (an earlier one when equal) covers path <paramref name="index"/>.</summary>
    private static bool Covered(List<(JsonObject Parent, string Key, int Depth, string[] Scope)> found, int index)
    {
        var (_, _, depth, scope) = found[index];
        for (var j = 0; j < found.Count; j++)
        {
            var other = found[j];
            if (j == index || other.Depth > depth || (other.Depth == depth && j > index))
            {
                continue;
            }

            var prefix = true;
            for (var t = 0; t < other.Depth; t++)
            {
                if (!string.Equals(other.Scope[t], scope[t], StringComparison.Ordinal))
                {
                    prefix = false;
                    break;
                }
            }

            if (prefix)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Part(JsonObject Parent, string Key, bool Present, JsonNode? Value);
}
