using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Patching;

/// <summary>
/// Collects explicit JSON Patch operations against one object. It never replaces a whole array or
/// object a rule does not own (SPEC A2): maps are changed key by key, and a missing parent map is
/// created once with <c>add {}</c> before its first key is added, because the API server's patch
/// library (evanphx/json-patch v4) fails an <c>add</c> whose parent does not exist.
/// </summary>
public sealed class PatchBuilder
{
    // The operation list and index are made on the first operation, sized for a typical patch (a
    // Deployment: about ten operations), so they do not grow three times per review, and a review
    // that is skipped or left unchanged pays nothing for them (docs/performance.md).
    private const int TypicalOperations = 16;

    // Up to this many operations the last one at a path is found by a scan from the end (a few
    // string comparisons); beyond it an index by path is built once, so large patches stay linear.
    private const int ScanLimit = 32;

    private const int KeptMapEntries = 256;

    private static readonly ConcurrentDictionary<(string MapPath, string Key), string> MapEntries = new();

    private readonly JsonElement _root;
    private HashSet<string>? _createdContainers;
    private List<PatchOperation>? _operations;
    private Dictionary<string, int>? _operationIndexByPath;

    /// <summary>Creates a builder for patches against <paramref name="root"/>.</summary>
    public PatchBuilder(JsonElement root) => _root = root;

    /// <summary>The operations collected so far, in the order they must be applied.</summary>
    public IReadOnlyList<PatchOperation> Operations => (IReadOnlyList<PatchOperation>?)_operations ?? [];

    /// <summary>How many operations have been collected.</summary>
    public int Count => _operations?.Count ?? 0;

    /// <summary>Replaces the value at an existing path.</summary>
    public void Replace(string path, JsonNode? value) => Record(new PatchOperation(PatchOperationKind.Replace, path, value));

    /// <summary>Replaces the value at an existing path with a string.</summary>
    public void ReplaceString(string path, string value) => Record(PatchOperation.OfString(PatchOperationKind.Replace, path, value));

    /// <summary>Removes the member or element at an existing path.</summary>
    public void Remove(string path) => Record(new PatchOperation(PatchOperationKind.Remove, path, null));

    /// <summary>Adds a member whose parent exists (or was created by this builder).</summary>
    public void Add(string path, JsonNode? value) => Record(new PatchOperation(PatchOperationKind.Add, path, value));

    /// <summary>Sets <c>value</c> as a string value, replacing an existing one if present.</summary>
    public void SetString(string path, string value) => SetString(path, JsonPointer.Parent(path), value);

    /// <summary>Sets one key of a string map (labels, annotations, nodeSelector), creating the map if missing.</summary>
    public void SetMapEntry(string mapPath, string key, string value) => SetString(MapEntry(mapPath, key), mapPath, value);

    private void SetString(string path, string parent, string value)
    {
        if (Exists(path))
        {
            ReplaceString(path, value);
        }
        else
        {
            EnsureObject(parent);
            Record(PatchOperation.OfString(PatchOperationKind.Add, path, value));
        }
    }

    /// <summary>Sets an annotation on the object.</summary>
    public void SetAnnotation(string key, string value) => SetMapEntry("/metadata/annotations", key, value);

    /// <summary>Removes one key of a map if the original object has it.</summary>
    public void RemoveMapEntry(string mapPath, string key)
    {
        var path = MapEntry(mapPath, key);
        if (Exists(path))
        {
            Remove(path);
        }
    }

    /// <summary>
    /// Removes several elements of one array. Indexes are removed from the highest down, so each
    /// <c>remove</c> still addresses the element it was computed for.
    /// </summary>
    public void RemoveArrayElements(string arrayPath, IEnumerable<int> indexes)
    {
        foreach (var index in indexes.Distinct().OrderDescending())
        {
            Remove(JsonPointer.Append(arrayPath, index));
        }
    }

    /// <summary>
    /// The pointer of a map entry. The families write the same few keys (the applied annotation,
    /// R4's, the hostname selector) on every review, so the first <see cref="KeptMapEntries"/>
    /// pointers are kept instead of escaped and joined each time.
    /// </summary>
    private static string MapEntry(string mapPath, string key)
    {
        if (MapEntries.TryGetValue((mapPath, key), out var known))
        {
            return known;
        }

        var pointer = JsonPointer.Append(mapPath, key);
        if (MapEntries.Count < KeptMapEntries)
        {
            MapEntries.TryAdd((mapPath, key), pointer);
        }

        return pointer;
    }

    /// <summary>Makes sure an object exists at <paramref name="path"/>, adding empty objects for it and missing ancestors.</summary>
    public void EnsureObject(string path)
    {
        if (path.Length == 0 || _createdContainers?.Contains(path) == true)
        {
            return;
        }

        if (TryResolve(_root, path, out var existing))
        {
            if (existing.ValueKind == JsonValueKind.Object)
            {
                return;
            }

            if (existing.ValueKind != JsonValueKind.Null)
            {
                // An add under a string or number fails at the API server and denies the object.
                throw new Rules.MalformedObjectException($"{path} is not an object");
            }

            // "annotations": null (found by fuzz/): nothing can be added under null. Go decodes a
            // null map as nil and omits it, so the API server may patch a copy without the member;
            // `add` of {} works on both (it replaces the null, or creates the member).
        }
        else
        {
            EnsureObject(JsonPointer.Parent(path));
        }

        Add(path, new JsonObject());
        (_createdContainers ??= new HashSet<string>(StringComparer.Ordinal)).Add(path);
    }

    /// <summary>Whether the original object has a value at <paramref name="path"/> (escaped pointer).</summary>
    public bool Exists(string path) => TryResolve(_root, path, out _);

    /// <summary>Resolves an escaped JSON pointer against an element.</summary>
    public static bool TryResolve(JsonElement root, string path, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(path);
        value = root;
        if (path.Length == 0)
        {
            return true;
        }

        if (path[0] != '/')
        {
            throw new ArgumentException($"JSON pointer must start with '/': {path}", nameof(path));
        }

        // Token by token over the string itself: rules call this for every field they may touch,
        // and splitting the pointer into strings allocated more than the rest of a rule.
        var rest = path.AsSpan(1);
        while (true)
        {
            var slash = rest.IndexOf('/');
            if (!TryStep(ref value, slash < 0 ? rest : rest[..slash]))
            {
                value = default;
                return false;
            }

            if (slash < 0)
            {
                return true;
            }

            rest = rest[(slash + 1)..];
        }
    }

    private static bool TryStep(ref JsonElement value, ReadOnlySpan<char> token)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            bool found;
            JsonElement child;
            if (token.Contains('~'))
            {
                // Annotation and label keys with '/' are escaped (~1) in every pointer to them.
                var unescaped = token.Length <= 256 ? stackalloc char[token.Length] : new char[token.Length];
                found = value.TryGetProperty(unescaped[..JsonPointer.Unescape(token, unescaped)], out child);
            }
            else
            {
                found = value.TryGetProperty(token, out child);
            }

            value = found ? child : default;
            return found;
        }

        if (value.ValueKind == JsonValueKind.Array
            && int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            && index < value.GetArrayLength())
        {
            value = value[index];
            return true;
        }

        return false;
    }

    private void Record(PatchOperation operation)
    {
        // Two rules writing the same key (for example the applied annotation) end in one operation: the last value wins.
        _operations ??= new List<PatchOperation>(TypicalOperations);
        var existing = operation.Kind == PatchOperationKind.Remove ? -1 : LastAt(operation.Path);
        if (existing >= 0 && _operations[existing].Kind != PatchOperationKind.Remove)
        {
            _operations[existing] = _operations[existing] with { Value = operation.Value };
            return;
        }

        if (_operationIndexByPath is not null)
        {
            _operationIndexByPath[operation.Path] = _operations.Count;
        }

        _operations.Add(operation);
        if (_operationIndexByPath is null && _operations.Count > ScanLimit)
        {
            _operationIndexByPath = new Dictionary<string, int>(_operations.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _operations.Count; i++)
            {
                _operationIndexByPath[_operations[i].Path] = i;
            }
        }
    }

    /// <summary>The position of the last operation at <paramref name="path"/>, or -1.</summary>
    private int LastAt(string path)
    {
        if (_operationIndexByPath is not null)
        {
            return _operationIndexByPath.TryGetValue(path, out var index) ? index : -1;
        }

        for (var i = _operations!.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_operations[i].Path, path, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
