using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// The explicit, minimal RFC 6902 operations that turn one document into another (U2): one
/// <c>replace</c> per changed leaf, <c>add</c>/<c>remove</c> per added or removed member, never a
/// whole object or array unless its type changed. Arrays are aligned on equal elements (longest
/// common subsequence), so removing one container does not rewrite every container after it.
/// </summary>
public static class JsonDiff
{
    /// <summary>Above this many element pairs, arrays are compared position by position (bounded work).</summary>
    private const long MaxAlignmentCells = 40_000;

    /// <summary>Above this many members, an object before is built as a node (each lookup in read-only JSON is a scan).</summary>
    private const int ElementScanLimit = 32;

    public static List<PatchOperation> Diff(JsonNode? before, JsonNode? after)
    {
        var operations = new List<PatchOperation>();
        Diff(before, after, string.Empty, operations);
        return operations;
    }

    /// <summary>
    /// As <see cref="Diff(JsonNode?, JsonNode?)"/> when the documents can differ only along
    /// <paramref name="touched"/>: the same operations in the same order, without walking (or
    /// building) the members off those paths.
    /// </summary>
    internal static List<PatchOperation> Diff(JsonNode? before, JsonNode? after, TouchedPaths touched)
    {
        var operations = new List<PatchOperation>();
        DiffTouched(before, after, string.Empty, touched, operations);
        return operations;
    }

    /// <summary>
    /// As <see cref="Diff(JsonNode?, JsonNode?, TouchedPaths)"/> with the document before as
    /// read-only JSON: along the paths its members are read as they are; a node is built for it
    /// only where a whole member is compared.
    /// </summary>
    internal static List<PatchOperation> Diff(JsonElement before, JsonNode? after, TouchedPaths touched)
    {
        var operations = new List<PatchOperation>();
        DiffTouched(before, after, string.Empty, touched, operations);
        return operations;
    }

    private static void DiffTouched(JsonElement before, JsonNode? after, string path, TouchedPaths touched, List<PatchOperation> operations)
    {
        if (touched.IsWhole || before.ValueKind != JsonValueKind.Object || after is not JsonObject b || b.Count > ElementScanLimit)
        {
            DiffTouched(JsonTree.FromElement(before), after, path, touched, operations);
            return;
        }

        // The order of the node version: the members before (removed, or on a path), then the
        // added ones. Members off every path are as they were: no operation, and no name is read
        // for them.
        foreach (var member in before.EnumerateObject())
        {
            if (!touched.TryGetChild(member, out var child))
            {
                continue;
            }

            if (!b.TryGetPropertyValue(child.Token, out var next))
            {
                operations.Add(new PatchOperation(PatchOperationKind.Remove, JsonPointer.Append(path, child.Token), null));
            }
            else
            {
                DiffTouched(member.Value, next, JsonPointer.Append(path, child.Token), child, operations);
            }
        }

        foreach (var (name, value) in b)
        {
            if (touched.TryGetChild(name, out _) && !before.TryGetProperty(name, out _))
            {
                operations.Add(new PatchOperation(PatchOperationKind.Add, JsonPointer.Append(path, name), value?.DeepClone()));
            }
        }
    }

    private static void DiffTouched(JsonNode? before, JsonNode? after, string path, TouchedPaths touched, List<PatchOperation> operations)
    {
        if (touched.IsWhole || before is not JsonObject a || after is not JsonObject b)
        {
            // Arrays are aligned as a whole: a change at one position can move the others.
            Diff(before, after, path, operations);
            return;
        }

        // The order of DiffObjects; members off the paths are equal and give no operation.
        foreach (var (name, value) in a)
        {
            if (!b.TryGetPropertyValue(name, out var next))
            {
                operations.Add(new PatchOperation(PatchOperationKind.Remove, JsonPointer.Append(path, name), null));
            }
            else if (touched.TryGetChild(name, out var child))
            {
                DiffTouched(value, next, JsonPointer.Append(path, name), child, operations);
            }
        }

        foreach (var (name, value) in b)
        {
            if (!a.ContainsKey(name))
            {
                operations.Add(new PatchOperation(PatchOperationKind.Add, JsonPointer.Append(path, name), value?.DeepClone()));
            }
        }
    }

    private static void Diff(JsonNode? before, JsonNode? after, string path, List<PatchOperation> operations)
    {
        // Containers are walked without comparing them whole first: every node is visited once.
        switch (before, after)
        {
            case (JsonObject a, JsonObject b):
                DiffObjects(a, b, path, operations);
                break;
            case (JsonArray a, JsonArray b):
                DiffArrays(a, b, path, operations);
                break;
            default:
                if (!JsonNode.DeepEquals(before, after))
                {
                    operations.Add(new PatchOperation(PatchOperationKind.Replace, path, after?.DeepClone()));
                }

                break;
        }
    }

    private static void DiffObjects(JsonObject before, JsonObject after, string path, List<PatchOperation> operations)
    {
        foreach (var (name, value) in before)
        {
            var member = JsonPointer.Append(path, name);
            if (!after.TryGetPropertyValue(name, out var next))
            {
                operations.Add(new PatchOperation(PatchOperationKind.Remove, member, null));
            }
            else
            {
                Diff(value, next, member, operations);
            }
        }

        foreach (var (name, value) in after)
        {
            if (!before.ContainsKey(name))
            {
                operations.Add(new PatchOperation(PatchOperationKind.Add, JsonPointer.Append(path, name), value?.DeepClone()));
            }
        }
    }

    private static void DiffArrays(JsonArray before, JsonArray after, string path, List<PatchOperation> operations)
    {
        // Equal elements at both ends are kept as they are; only the middle is aligned (usually
        // one changed element, so no quadratic work on long lists).
        var prefix = 0;
        while (prefix < before.Count && prefix < after.Count && JsonNode.DeepEquals(before[prefix], after[prefix]))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < before.Count - prefix && suffix < after.Count - prefix
            && JsonNode.DeepEquals(before[before.Count - 1 - suffix], after[after.Count - 1 - suffix]))
        {
            suffix++;
        }

        int n = before.Count - prefix - suffix, m = after.Count - prefix - suffix;
        var steps = (long)n * m <= MaxAlignmentCells ? Align(before, after, prefix, n, m) : Positional(n, m);
        var position = prefix;
        var i = prefix;
        var j = prefix;
        for (var s = 0; s < steps.Count; s++)
        {
            switch (steps[s])
            {
                case Step.Keep:
                    i++;
                    j++;
                    position++;
                    break;
                case Step.Change:
                    Diff(before[i++], after[j++], JsonPointer.Append(path, position++), operations);
                    break;
                case Step.Delete:
                    operations.Add(new PatchOperation(PatchOperationKind.Remove, JsonPointer.Append(path, position), null));
                    i++;
                    break;
                default:
                    operations.Add(new PatchOperation(PatchOperationKind.Add, JsonPointer.Append(path, position++), after[j++]?.DeepClone()));
                    break;
            }
        }
    }

    private enum Step
    {
        Keep,
        Change,
        Delete,
        Insert,
    }

    /// <summary>Same positions are changed in place; extra elements are added or removed at the end.</summary>
    private static List<Step> Positional(int before, int after)
    {
        var steps = new List<Step>();
        for (var k = 0; k < Math.Min(before, after); k++)
        {
            steps.Add(Step.Change);
        }

        for (var k = after; k < before; k++)
        {
            steps.Add(Step.Delete);
        }

        for (var k = before; k < after; k++)
        {
            steps.Add(Step.Insert);
        }

        return steps;
    }

    /// <summary>
    /// A longest common subsequence of equal elements; between two kept elements, deleted and
    /// inserted elements are paired into in-place changes (the same container with one new field).
    /// </summary>
    private static List<Step> Align(JsonArray before, JsonArray after, int offset, int n, int m)
    {
        var lengths = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lengths[i, j] = JsonNode.DeepEquals(before[offset + i], after[offset + j])
                    ? lengths[i + 1, j + 1] + 1
                    : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var steps = new List<Step>();
        int a = 0, b = 0;
        while (a < n || b < m)
        {
            if (a < n && b < m && JsonNode.DeepEquals(before[offset + a], after[offset + b]))
            {
                steps.Add(Step.Keep);
                a++;
                b++;
                continue;
            }

            // A run of unmatched elements up to the next kept pair.
            int deletes = 0, inserts = 0;
            while (a < n || b < m)
            {
                if (a < n && b < m && JsonNode.DeepEquals(before[offset + a], after[offset + b]))
                {
                    break;
                }

                if (b >= m || (a < n && lengths[a + 1, b] >= lengths[a, b + 1]))
                {
                    deletes++;
                    a++;
                }
                else
                {
                    inserts++;
                    b++;
                }
            }

            var changes = Math.Min(deletes, inserts);
            for (var k = 0; k < changes; k++)
            {
                steps.Add(Step.Change);
            }

            for (var k = changes; k < deletes; k++)
            {
                steps.Add(Step.Delete);
            }

            for (var k = changes; k < inserts; k++)
            {
                steps.Add(Step.Insert);
            }
        }

        return steps;
    }
}
