using System.Collections.Concurrent;
using System.Text.Json;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Images;

/// <summary>
/// The <c>image</c> of every container and init container of a pod spec (SPEC R3). Ephemeral
/// containers are not read: the API server rejects them on create, and the plugin ignores them too.
/// </summary>
internal static class PodSpecImages
{
    /// <summary>The arrays read, in order; Velero's helpers are looked for in the second only.</summary>
    internal static readonly string[] Arrays = ["containers", "initContainers"];

    /// <summary>Positions whose image pointers are kept (a pod rarely has more containers).</summary>
    private const int CachedPositions = 16;

    /// <summary>Locations whose pointers are kept: the pod-spec paths of KnownKinds are a handful.</summary>
    private const int CachedLocations = 64;

    /// <summary>
    /// Velero's file-system restore helper (SPEC S6), and its name before Velero 1.10. Velero
    /// chose its image for this cluster and restore hooks count on its position: never touched.
    /// </summary>
    private static readonly string[] VeleroInitContainers = ["restore-wait", "restic-wait"];

    /// <summary>
    /// The image pointers of the first containers of each array, made once per location: every
    /// review of a workload whose images move writes them into its patch.
    /// </summary>
    private static readonly ConcurrentDictionary<(string PodSpecPath, int Array), string?[]> ImagePointers = new();

    /// <summary>Image locations of the pod spec at <paramref name="podSpecPath"/> inside <paramref name="root"/>.</summary>
    public static ImageLocationEnumerable Find(JsonElement root, string podSpecPath) =>
        PatchBuilder.TryResolve(root, podSpecPath, out var podSpec) && podSpec.ValueKind == JsonValueKind.Object
            ? new ImageLocationEnumerable(podSpec, podSpecPath)
            : default;

    /// <summary>The kept pointers of one array of a location (filled as they are first made), or none beyond the bound.</summary>
    internal static string?[] Pointers(string podSpecPath, int array) =>
        ImagePointers.TryGetValue((podSpecPath, array), out var known) ? known
            : ImagePointers.Count < CachedLocations ? ImagePointers.GetOrAdd((podSpecPath, array), _ => new string?[CachedPositions])
            : [];

    /// <summary>The location of a container's image, unless it has none or is one of Velero's helpers.</summary>
    internal static bool TryLocation(string podSpecPath, int array, JsonElement container, int index, string?[] pointers, out ImageLocation location)
    {
        location = default;
        if (!container.TryGetString("image", out var image)
            || (array == 1 && container.TryGetString("name", out var name) && VeleroInitContainers.Contains(name)))
        {
            return false;
        }

        // A benign race: two requests may both make the same string; either is kept.
        var pointer = index < pointers.Length
            ? pointers[index] ??= Pointer(podSpecPath, array, index)
            : Pointer(podSpecPath, array, index);
        location = new ImageLocation(pointer, image);
        return true;
    }

    private static string Pointer(string podSpecPath, int array, int index) => $"{podSpecPath}/{Arrays[array]}/{index}/image";
}
