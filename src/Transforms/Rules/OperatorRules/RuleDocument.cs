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

    /// <summary>The rules' operations worked out on the request (see <see cref="TryApplyOnRequest"/>), in their order; applied to the tree when one is built.</summary>
    private List<PatchOperation>? _onRequest;

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

        var near = new NearTest(pattern, stackalloc char[NearTest.StackLength]);
        for (var i = 0; i < _applied.Length; i++)
        {
            if (near.Near(_family[i].Path))
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
        var near = new NearTest(pattern, stackalloc char[NearTest.StackLength]);
        for (var i = 0; i < _applied.Length; i++)
        {
            var operation = _family[i];
            if (!near.Near(operation.Path))
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
        if (_after is null)
        {
            _after = JsonTree.FromElement(_request)!;

            // None of these is near a family operation (they were made where nothing had changed):
            // in any order with those, they give the same document.
            foreach (var operation in _onRequest ?? [])
            {
                PatchApplier.ApplyInPlace(_after, operation);
            }
        }

        ApplyFamilyNear(paths);
        return _after;
    }

    /// <summary>
    /// Applies a rule of <paramref name="operations"/> (<see cref="FixedOperation"/>) on the
    /// request itself, when no tree was built yet and nothing changed at, above or under its
    /// members: its operations are then those the diff would write for it (a <c>replace</c> of a
    /// member that differs, an <c>add</c> of one that is missing, a <c>remove</c> of one that is
    /// there), and later readers see them through <see cref="Touched"/>. False when the rule needs
    /// the tree (it then runs there: also where it fails, so the failure reads the same);
    /// otherwise <paramref name="changed"/> says whether it changed anything (a failed
    /// <c>test</c> changes nothing).
    /// </summary>
    public bool TryApplyOnRequest(FixedOperation[] operations, out bool changed)
    {
        changed = false;
        if (_after is not null)
        {
            return false;
        }

        foreach (var operation in operations)
        {
            if (!IsPristine(operation.Tokens))
            {
                return false;
            }
        }

        List<PatchOperation>? made = null;
        foreach (var operation in operations)
        {
            var tokens = operation.Tokens;
            var found = true;
            var parent = _request;
            for (var i = 0; i < tokens.Length - 1 && found; i++)
            {
                found = JsonTree.TryChild(parent, tokens[i], out parent);
            }

            if (operation.Kind == RuleOperationKind.Test)
            {
                if (!(found && JsonTree.TryChild(parent, tokens[^1], out var actual) && JsonNode.DeepEquals(JsonTree.FromElement(actual), operation.Value)))
                {
                    // U1: a failed test stops the rule, and nothing of it is applied.
                    return true;
                }

                continue;
            }

            if (!found || parent.ValueKind != JsonValueKind.Object)
            {
                if (operation.Kind == RuleOperationKind.Remove && !operation.FromMerge)
                {
                    // U1: a remove of an absent path is a no-op.
                    continue;
                }

                return false;
            }

            var exists = parent.TryGetProperty(tokens[^1], out var current);
            if (operation.Kind == RuleOperationKind.Remove)
            {
                if (exists)
                {
                    (made ??= []).Add(new PatchOperation(PatchOperationKind.Remove, operation.Pointer, null));
                }
            }
            else if (!exists)
            {
                if (operation.Kind == RuleOperationKind.Replace)
                {
                    // A replace of a missing member fails; the tree reports it.
                    return false;
                }

                (made ??= []).Add(new PatchOperation(PatchOperationKind.Add, operation.Pointer, operation.Value?.DeepClone()));
            }
            else if (!JsonNode.DeepEquals(JsonTree.FromElement(current), operation.Value))
            {
                (made ??= []).Add(new PatchOperation(PatchOperationKind.Replace, operation.Pointer, operation.Value?.DeepClone()));
            }
        }

        if (made is null)
        {
            return true;
        }

        (_onRequest ??= []).AddRange(made);
        foreach (var operation in operations)
        {
            if (operation.Kind != RuleOperationKind.Test)
            {
                Touched.Add(operation.Tokens);
            }
        }

        changed = true;
        return true;
    }

    /// <summary>A full copy of the live document with every family operation applied (a Velero file's conditions, U5).</summary>
    public JsonNode Snapshot() => Live([[]]).DeepClone();

    /// <summary>The live document is now <paramref name="next"/> (a rule ran on a full copy of it).</summary>
    public void Replace(JsonNode next) => _after = next;

    /// <summary>The minimal operations from the object as the families left it to the live one (U2), to follow the families' own.</summary>
    public List<PatchOperation> Diff()
    {
        if (_after is null)
        {
            // Only rules worked out on the request ran: their operations are the diff.
            return [.. _onRequest ?? []];
        }

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

        Span<bool> selected = _applied.Length <= 256 ? stackalloc bool[_applied.Length] : new bool[_applied.Length];
        var any = false;
        for (var i = _applied.Length - 1; i >= 0; i--)
        {
            if (_applied[i])
            {
                continue;
            }

            var pointer = _family[i].Path;
            var near = false;
            for (var p = 0; p < paths.Length && !near; p++)
            {
                near = Near(pointer, paths[p]);
            }

            for (var j = i + 1; j < _applied.Length && !near; j++)
            {
                near = selected[j] && PointersNear(pointer, _family[j].Path);
            }

            selected[i] = near;
            any |= near;
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

    /// <summary>
    /// Whether one escaped pointer is at, above or under the other (array positions alike, as in
    /// <c>Near</c>): then an operation at one can change what the other reaches.
    /// </summary>
    internal static bool PointersNear(string first, string second)
    {
        var i = 0;
        var j = 0;
        while (i < first.Length && j < second.Length)
        {
            var firstEnd = first.IndexOf('/', i + 1);
            firstEnd = firstEnd < 0 ? first.Length : firstEnd;
            var secondEnd = second.IndexOf('/', j + 1);
            secondEnd = secondEnd < 0 ? second.Length : secondEnd;
            var firstToken = first.AsSpan(i + 1, firstEnd - i - 1);
            var secondToken = second.AsSpan(j + 1, secondEnd - j - 1);
            if (!(firstToken.SequenceEqual(secondToken) || (JsonTree.IsArrayPosition(firstToken) && JsonTree.IsArrayPosition(secondToken))))
            {
                return false;
            }

            i = firstEnd;
            j = secondEnd;
        }

        return true;
    }

    /// <summary>
    /// Whether an RFC 6901 <paramref name="pointer"/> is at, above or under a path
    /// <paramref name="pattern"/> can reach (unescaped tokens; <c>*</c> is any member; array
    /// positions count as the same position, since an insert or remove moves those after it).
    /// </summary>
    internal static bool Near(string pointer, IReadOnlyList<string> pattern) =>
        new NearTest(pattern, stackalloc char[NearTest.StackLength]).Near(pointer);

    /// <summary>
    /// <c>Near</c> for many pointers against one pattern:
    /// the pattern's leading literal tokens (up to its first <c>*</c> or array position) are
    /// written once as an escaped pointer, and each pointer is compared with that in one
    /// vectorised comparison; only the tokens after it are compared one by one. Exact for
    /// pointers escaped as <see cref="JsonPointer.Escape"/> writes them (RFC 6901's only spelling
    /// of a token), which every family operation's is.
    /// </summary>
    private readonly ref struct NearTest
    {
        /// <summary>Characters of escaped prefix kept on the stack; longer prefixes use the heap.</summary>
        public const int StackLength = 256;

        private readonly IReadOnlyList<string> _pattern;
        private readonly ReadOnlySpan<char> _prefix;
        private readonly int _literalCount;

        public NearTest(IReadOnlyList<string> pattern, Span<char> buffer)
        {
            _pattern = pattern;
            var count = 0;
            var length = 0;
            while (count < pattern.Count && pattern[count] != RulePointer.Wildcard && !JsonTree.IsArrayPosition(pattern[count]))
            {
                length += 1 + pattern[count].Length + pattern[count].AsSpan().Count('~') + pattern[count].AsSpan().Count('/');
                count++;
            }

            if (length > buffer.Length)
            {
                buffer = new char[length];
            }

            var written = 0;
            for (var i = 0; i < count; i++)
            {
                buffer[written++] = '/';
                foreach (var c in pattern[i])
                {
                    if (c is '~' or '/')
                    {
                        buffer[written++] = '~';
                        buffer[written++] = c == '~' ? '0' : '1';
                    }
                    else
                    {
                        buffer[written++] = c;
                    }
                }
            }

            _prefix = buffer[..written];
            _literalCount = count;
        }

        public bool Near(string pointer)
        {
            if (pointer.Length == 0)
            {
                return true;
            }

            var common = Math.Min(pointer.Length, _prefix.Length);
            if (!pointer.AsSpan(0, common).SequenceEqual(_prefix[..common]))
            {
                // A literal token differs (a token that ends early differs too: '/' against a letter).
                return false;
            }

            if (pointer.Length <= _prefix.Length)
            {
                // At the prefix, or above it when the pointer ends where a token of it ends.
                return pointer.Length == _prefix.Length || _prefix[pointer.Length] == '/';
            }

            return pointer[_prefix.Length] == '/' && RestNear(pointer, _prefix.Length + 1);
        }

        /// <summary>The pattern's tokens after the prefix, against the pointer's from <paramref name="position"/>.</summary>
        private bool RestNear(string pointer, int position)
        {
            for (var expectedIndex = _literalCount; expectedIndex < _pattern.Count; expectedIndex++)
            {
                var expected = _pattern[expectedIndex];
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
