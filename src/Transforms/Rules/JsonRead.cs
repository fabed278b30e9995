using System.Runtime.InteropServices;
using System.Text.Json;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// Tolerant readers over raw JSON: a member that is missing or of another type reads as absent.
/// Rules use these so an odd object is left alone instead of throwing.
/// </summary>
public static class JsonRead
{
    /// <summary>The member <paramref name="name"/> if it is an object.</summary>
    public static bool TryGetObject(this JsonElement element, string name, out JsonElement value) =>
        TryGet(element, name, JsonValueKind.Object, out value);

    /// <summary>The member <paramref name="name"/> if it is an array.</summary>
    public static bool TryGetArray(this JsonElement element, string name, out JsonElement value) =>
        TryGet(element, name, JsonValueKind.Array, out value);

    /// <summary>The member <paramref name="name"/> if it is a string.</summary>
    public static bool TryGetString(this JsonElement element, string name, out string value)
    {
        if (TryGet(element, name, JsonValueKind.String, out var member))
        {
            value = member.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>Whether the member <paramref name="name"/> is the string <paramref name="expected"/> (compared in place, no string read).</summary>
    public static bool HasString(this JsonElement element, string name, string expected) =>
        TryGet(element, name, JsonValueKind.String, out var member) && member.ValueEquals(expected);

    /// <summary>Whether the member <paramref name="name"/> is one of the strings <paramref name="expected"/> (looked up once, compared in place).</summary>
    public static bool HasAnyString(this JsonElement element, string name, params ReadOnlySpan<string> expected)
    {
        if (!TryGet(element, name, JsonValueKind.String, out var member))
        {
            return false;
        }

        foreach (var candidate in expected)
        {
            if (member.ValueEquals(candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The string member <paramref name="name"/>, or null.</summary>
    public static string? GetStringOrNull(this JsonElement element, string name) =>
        element.TryGetString(name, out var value) ? value : null;

    /// <summary>Walks object members by name; false as soon as one is missing or not an object (the last may be any kind).</summary>
    public static bool TryGetPath(this JsonElement element, out JsonElement value, params ReadOnlySpan<string> names)
    {
        value = element;
        foreach (var name in names)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The object elements of an array member, with their indexes; non-objects are skipped. A
    /// struct, so <c>foreach</c> over it allocates nothing (families call it for every list they read).
    /// </summary>
    public static ObjectItemsEnumerable ObjectItems(this JsonElement element, string arrayName) =>
        element.TryGetArray(arrayName, out var array) ? new ObjectItemsEnumerable(array) : default;

    /// <summary>
    /// False when no string (or name) inside <paramref name="subtree"/> can contain
    /// <paramref name="literal"/>: its raw JSON lacks the literal and has no <c>\u</c> escape. The
    /// literal must not have a character JSON's other escapes stand for (<c>"</c>, <c>\</c>,
    /// <c>/</c>, control characters), which could hide it. One vectorised search instead of a walk
    /// over every value.
    /// </summary>
    public static bool MayContain(this JsonElement subtree, ReadOnlySpan<byte> literal)
    {
        var raw = JsonMarshal.GetRawUtf8Value(subtree);
        return raw.IndexOf(literal) >= 0 || raw.IndexOf("\\u"u8) >= 0;
    }

    /// <summary>An annotation of the object, or null.</summary>
    public static string? GetAnnotation(this JsonElement obj, string key) =>
        obj.TryGetPath(out var value, "metadata", "annotations", key) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A label of the object, or null.</summary>
    public static string? GetLabel(this JsonElement obj, string key) =>
        obj.TryGetPath(out var value, "metadata", "labels", key) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryGet(JsonElement element, string name, JsonValueKind kind, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind == kind)
        {
            return true;
        }

        value = default;
        return false;
    }
}

/// <summary>The object elements of a JSON array with their positions (see <see cref="JsonRead.ObjectItems"/>); empty when default.</summary>
public readonly struct ObjectItemsEnumerable : IEnumerable<(int Index, JsonElement Item)>
{
    private readonly JsonElement _array;

    internal ObjectItemsEnumerable(JsonElement array) => _array = array;

    public Enumerator GetEnumerator() => new(_array);

    IEnumerator<(int Index, JsonElement Item)> IEnumerable<(int Index, JsonElement Item)>.GetEnumerator() => GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the array, stopping at its objects.</summary>
    public struct Enumerator : IEnumerator<(int Index, JsonElement Item)>
    {
        private readonly bool _present;
        private JsonElement.ArrayEnumerator _items;
        private int _next;

        internal Enumerator(JsonElement array)
        {
            _present = array.ValueKind == JsonValueKind.Array;
            _items = _present ? array.EnumerateArray() : default;
            _next = 0;
            Current = default;
        }

        public (int Index, JsonElement Item) Current { get; private set; }

        readonly object System.Collections.IEnumerator.Current => Current;

        public bool MoveNext()
        {
            while (_present && _items.MoveNext())
            {
                var index = _next++;
                if (_items.Current.ValueKind == JsonValueKind.Object)
                {
                    Current = (index, _items.Current);
                    return true;
                }
            }

            return false;
        }

        public void Reset() => throw new NotSupportedException();

        public readonly void Dispose()
        {
        }
    }
}
