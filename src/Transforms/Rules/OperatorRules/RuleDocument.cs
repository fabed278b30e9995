using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Selectors;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// The object the operator rules of one request work on, built only as far as they need it.
/// Conditions read the request's own read-only JSON where neither a family nor an earlier rule
/// can have changed what they read, so rules that do not apply build nothing. Where a rule runs
/// (or reads what a family changed), a lazy tree over the request's JSON is built, its nodes only
/// where they are visited, and the families' operations are applied to it only near what is read
/// or written: the operations at, above or under those paths, and every earlier one such an
/// operation depends on, in their order. The others change members nothing here looks at; the
/// answer carries them as they are. The diff (U2) walks the paths the rules changed, against the
/// request itself or, when family operations were applied, a second tree with the same ones.
/// </summary>
internal sealed class RuleDocument
{
    /// <summary>Where a label selector reads.</summary>
    public static readonly string[] LabelsPath = ["metadata", "labels"];

    private static readonly string[] AnnotationsPath = ["metadata", "annotations"];
    private static readonly PatchOperation AddAnnotations = new(PatchOperationKind.Add, "/metadata/annotations", new JsonObject());
    private static readonly PatchOperation HideApplied = new(PatchOperationKind.Remove, "/metadata/annotations/" + JsonPointer.Escape(WellKnown.AppliedAnnotation), null);

    private readonly JsonElement _request;

    /// <summary>The families' operations, then those of the rules' view (see the constructor).</summary>
    private readonly IReadOnlyList<PatchOperation> _family;
    private readonly int _familyCount;
    private readonly bool _hasView;
    private readonly bool[] _applied;
    private int _pending;
    private JsonNode? _after;

    /// <summary>
    /// The rules see the object as the families left it, with the webhook's own bookkeeping
    /// taken out, so that they see the same on the follow-up pass over their result (S3, U3):
    /// every answer that changes an object writes <c>restore-mutator.io/applied</c> (S7), creating
    /// <c>metadata.annotations</c> if needed. So an object without annotations shows an empty map,
    /// and the applied annotation is never shown. Neither is part of the answer by itself.
    /// </summary>
    public RuleDocument(JsonElement request, IReadOnlyList<PatchOperation> familyOperations)
    {
        _request = request;
        _familyCount = familyOperations.Count;
        var view = ViewOperation(request, familyOperations);
        _hasView = view is not null;
        _family = view is not null ? [.. familyOperations, view] : familyOperations;
        // The families' list may grow once the rules have run (the applied annotation, S7): only
        // the operations there now are the rules' to read.
        _applied = new bool[_family.Count];
        _pending = _applied.Length;
    }

    private static PatchOperation? ViewOperation(JsonElement request, IReadOnlyList<PatchOperation> familyOperations)
    {
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (!metadata.TryGetProperty("annotations", out var annotations))
        {
            foreach (var operation in familyOperations)
            {
                if (operation.Path == AddAnnotations.Path)
                {
                    return null;
                }
            }

            return AddAnnotations;
        }

        return annotations.ValueKind == JsonValueKind.Object && annotations.TryGetProperty(WellKnown.AppliedAnnotation, out _) ? HideApplied : null;
    }

    /// <summary>
    /// Whether the applied annotation (S7) can be written as the families write it, beside the
    /// rules' operations instead of through the live document: the rules changed nothing at, above
    /// or under <c>metadata.annotations</c>, nothing read the rules' view of it, and the request has
    /// <c>metadata</c> (so no operation of the rules creates or replaces what it is in).
    /// </summary>
    public bool LeavesAppliedAnnotation =>
        !ViewApplied && !Touched.Overlaps(AnnotationsPath)
        && _request.ValueKind == JsonValueKind.Object && _request.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object;

    /// <summary>Whether the rules' view of the annotations (see the constructor) was applied to the live document.</summary>
    private bool ViewApplied => _hasView && _applied[_familyCount];

    /// <summary>The object as the request carried it (read-only).</summary>
    public JsonElement Request => _request;

    /// <summary>Where the rules changed the live document (the diff walks only these paths).</summary>
    public TouchedPaths Touched { get; } = new();

    /// <summary>Whether everything a path pattern (with <c>*</c>) reaches is still as the request carried it.</summary>
    public bool IsPristine(IReadOnlyList<string> pattern)
    {
        if (Touched.Overlaps(pattern))
        {
            return false;
        }

        for (var i = 0; i < _applied.Length; i++)
        {
            if (Near(_family[i].Path, pattern))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a label selector selects the object: on the request's labels, read in place, while
    /// nothing changed them, else on those of <paramref name="groupStart"/> (a Velero file's
    /// snapshot, U5) or of the live document.
    /// </summary>
    public bool Selects(LabelSelector selector, JsonNode? groupStart) =>
        IsPristine(LabelsPath)
            ? selector.Matches(_request.TryGetPath(out var labels, "metadata", "labels") ? labels : default)
            : selector.Matches(OperatorRuleEngine.Labels(groupStart ?? Live([LabelsPath])));

    /// <summary>A field condition, read where <see cref="Selects"/> reads labels.</summary>
    public bool Holds(FieldCondition condition, JsonNode? groupStart)
    {
        if (IsPristine(condition.Path.Tokens))
        {
            return condition.Holds(_request);
        }

        // Where only values at the path's ends were replaced (a family's rewritten images, say),
        // the request is read with those values in place: no tree is built for a condition.
        return groupStart is null && ReplacedAt(condition.Path.Tokens) is { } replaced
            ? condition.Holds(_request, replaced)
            : condition.Holds(groupStart ?? Live([condition.Scope]));
    }

    /// <summary>
    /// The family operations near <paramref name="pattern"/>, in their order, when each is a
    /// <c>replace</c> exactly as deep as the pattern and no rule changed anything near it; else null.
    /// </summary>
    private List<PatchOperation>? ReplacedAt(IReadOnlyList<string> pattern)
    {
        if (Touched.Overlaps(pattern))
        {
            return null;
        }

        List<PatchOperation>? replaced = null;
        for (var i = 0; i < _applied.Length; i++)
        {
            var operation = _family[i];
            if (!Near(operation.Path, pattern))
            {
                continue;
            }

            if (operation.Kind != PatchOperationKind.Replace || Depth(operation.Path) != pattern.Count || replaced?.Count == 64)
            {
                return null;
            }

            (replaced ??= []).Add(operation);
        }

        return replaced;
    }

    private static int Depth(string pointer) => pointer.AsSpan().Count('/');

    /// <summary>The live document with every family operation near <paramref name="paths"/> applied (tokens, cut before any <c>*</c>).</summary>
    public JsonNode Live(string[][] paths)
    {
        // The tree reads the request's own JSON and builds its nodes only where they are
        // visited. No tree node leaves this request: the diff hands out deep copies, which own
        // their JSON, so nothing outlives the request's document.
        _after ??= JsonTree.FromElement(_request)!;

        ApplyFamilyNear(paths);
        return _after;
    }

    /// <summary>A full copy of the live document with every family operation applied (a Velero file's conditions, U5).</summary>
    public JsonNode Snapshot() => Live([[]]).DeepClone();

    /// <summary>The live document is now <paramref name="next"/> (a rule ran on a full copy of it).</summary>
    public void Replace(JsonNode next) => _after = next;

    /// <summary>The minimal operations from the object as the families left it to the live one (U2), to follow the families' own.</summary>
    public List<PatchOperation> Diff()
    {
        // The object as the families left it, where the live one was read: the same family
        // operations applied in their order (the others commute with them: none is near one of them).
        CompareViewWhole();

        JsonNode? before = null;
        for (var i = 0; i < _familyCount; i++)
        {
            if (_applied[i])
            {
                before ??= JsonTree.FromElement(_request)!;
                PatchApplier.ApplyInPlace(before, _family[i]);
            }
        }

        // Without a family operation where the rules looked, the object before them is the request.
        return before is null ? JsonDiff.Diff(_request, _after, Touched) : JsonDiff.Diff(before, _after, Touched);
    }

    /// <summary>
    /// Whether the live document is the request as it came although families changed it: the
    /// rules undid every family operation (each one was applied to the live document, so none
    /// changed anything off it) and changed nothing else. The paths compared are kept for the diff.
    /// </summary>
    public bool LeavesRequestAsItWas()
    {
        if (_familyCount == 0)
        {
            // No family change to undo: the rules' own diff says what changed (not walked twice).
            return false;
        }

        for (var i = 0; i < _familyCount; i++)
        {
            if (!_applied[i])
            {
                return false;
            }
        }

        for (var i = 0; i < _familyCount; i++)
        {
            Touched.Add(JsonPointer.Split(_family[i].Path));
        }

        CompareViewWhole();
        return _after is not null && JsonDiff.Diff(_request, _after, Touched).Count == 0;
    }

    /// <summary>The view's own change is not in the answer: where it was applied, the whole annotations map is compared.</summary>
    private void CompareViewWhole()
    {
        if (ViewApplied)
        {
            Touched.Add(AnnotationsPath);
        }
    }

    /// <summary>Records that a rule changed the live document within <paramref name="scopes"/>.</summary>
    public void Changed(string[][] scopes, bool whole)
    {
        foreach (var scope in scopes)
        {
            Touched.Add(scope);
        }

        if (whole)
        {
            Touched.AddWhole();
        }
    }

    /// <summary>
    /// Applies, in their order, the pending family operations at, above or under
    /// <paramref name="paths"/>, and every earlier pending one such an operation depends on
    /// (one at, above or under its own path).
    /// </summary>
    private void ApplyFamilyNear(string[][] paths)
    {
        if (_pending == 0)
        {
            return;
        }

        var needed = new List<IReadOnlyList<string>>(paths);
        var selected = new bool[_applied.Length];
        var any = false;
        for (var i = _applied.Length - 1; i >= 0; i--)
        {
            if (_applied[i] || !NearAny(_family[i].Path, needed))
            {
                continue;
            }

            selected[i] = true;
            needed.Add(JsonPointer.Split(_family[i].Path));
            any = true;
        }

        if (!any)
        {
            return;
        }

        for (var i = 0; i < _applied.Length; i++)
        {
            if (selected[i])
            {
                PatchApplier.ApplyInPlace(_after!, _family[i]);
                _applied[i] = true;
                _pending--;
            }
        }
    }

    private static bool NearAny(string pointer, List<IReadOnlyList<string>> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (Near(pointer, pattern))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether an RFC 6901 <paramref name="pointer"/> is at, above or under a path
    /// <paramref name="pattern"/> can reach (unescaped tokens; <c>*</c> is any member; array
    /// positions count as the same position, since an insert or remove moves those after it).
    /// </summary>
    internal static bool Near(string pointer, IReadOnlyList<string> pattern)
    {
        if (pointer.Length == 0)
        {
            return true;
        }

        var position = 1;
        for (var expectedIndex = 0; expectedIndex < pattern.Count; expectedIndex++)
        {
            var expected = pattern[expectedIndex];
            if (position > pointer.Length)
            {
                return true;
            }

            var end = pointer.IndexOf('/', position);
            if (end < 0)
            {
                end = pointer.Length;
            }

            var token = pointer.AsSpan(position, end - position);
            if (!(expected == RulePointer.Wildcard || TokenEquals(token, expected)
                || (JsonTree.IsArrayPosition(token) && JsonTree.IsArrayPosition(expected))))
            {
                return false;
            }

            position = end + 1;
        }

        return true;
    }

    /// <summary>Whether an escaped pointer token is <paramref name="unescaped"/>.</summary>
    internal static bool TokenEquals(ReadOnlySpan<char> escaped, string unescaped)
    {
        if (!escaped.Contains('~'))
        {
            return escaped.SequenceEqual(unescaped);
        }

        Span<char> buffer = escaped.Length <= 256 ? stackalloc char[escaped.Length] : new char[escaped.Length];
        return buffer[..JsonPointer.Unescape(escaped, buffer)].SequenceEqual(unescaped);
    }
}
