using System.Collections;
using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Images;

/// <summary>Every image reference of an object, by kind (SPEC R3).</summary>
internal static class ImageLocations
{
    /// <summary>The image references of <paramref name="root"/>, an object of <paramref name="kind"/>; none for other kinds.</summary>
    public static ImageLocationEnumerable Find(GroupKind kind, JsonElement root)
    {
        if (KnownKinds.PodSpecPath(kind) is { } podSpecPath)
        {
            return PodSpecImages.Find(root, podSpecPath);
        }

        if (kind == KnownKinds.BuildConfig.GroupKind || kind == KnownKinds.Build.GroupKind)
        {
            return new ImageLocationEnumerable(ObjectReferenceImages.InBuildSpec(root));
        }

        if (kind == KnownKinds.ImageStream.GroupKind)
        {
            return new ImageLocationEnumerable(ObjectReferenceImages.InImageStream(root));
        }

        return kind == KnownKinds.ImageStreamTag.GroupKind ? new ImageLocationEnumerable(ObjectReferenceImages.InImageStreamTag(root)) : default;
    }
}

/// <summary>
/// The image references of one object (<see cref="ImageLocations.Find"/>); empty when default. A
/// pod spec's are walked by this struct itself (containers, then init containers), so the
/// workloads that make up most of a restore allocate no iterator per review; the other kinds'
/// come from their finders.
/// </summary>
internal readonly struct ImageLocationEnumerable : IEnumerable<ImageLocation>
{
    private readonly JsonElement _podSpec;
    private readonly string? _podSpecPath;
    private readonly IEnumerable<ImageLocation>? _other;

    internal ImageLocationEnumerable(JsonElement podSpec, string podSpecPath)
    {
        _podSpec = podSpec;
        _podSpecPath = podSpecPath;
    }

    internal ImageLocationEnumerable(IEnumerable<ImageLocation> other) => _other = other;

    public Enumerator GetEnumerator() => new(_podSpec, _podSpecPath, _other?.GetEnumerator());

    IEnumerator<ImageLocation> IEnumerable<ImageLocation>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the references in document order.</summary>
    public struct Enumerator : IEnumerator<ImageLocation>
    {
        private readonly JsonElement _podSpec;
        private readonly string? _podSpecPath;
        private readonly IEnumerator<ImageLocation>? _other;
        private ObjectItemsEnumerable.Enumerator _items;
        private string?[] _pointers;
        private int _array;

        internal Enumerator(JsonElement podSpec, string? podSpecPath, IEnumerator<ImageLocation>? other)
        {
            _podSpec = podSpec;
            _podSpecPath = podSpecPath;
            _other = other;
            _items = default;
            _pointers = [];
            _array = -1;
            Current = default;
        }

        public ImageLocation Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_other is not null)
            {
                var moved = _other.MoveNext();
                Current = moved ? _other.Current : default;
                return moved;
            }

            if (_podSpecPath is null)
            {
                return false;
            }

            while (true)
            {
                while (_array >= 0 && _items.MoveNext())
                {
                    var (index, container) = _items.Current;
                    if (PodSpecImages.TryLocation(_podSpecPath, _array, container, index, _pointers, out var location))
                    {
                        Current = location;
                        return true;
                    }
                }

                if (++_array >= PodSpecImages.Arrays.Length)
                {
                    return false;
                }

                _items = _podSpec.ObjectItems(PodSpecImages.Arrays[_array]).GetEnumerator();
                _pointers = PodSpecImages.Pointers(_podSpecPath, _array);
            }
        }

        public void Reset() => throw new NotSupportedException();

        public readonly void Dispose() => _other?.Dispose();
    }
}
