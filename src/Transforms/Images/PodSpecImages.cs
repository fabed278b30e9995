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
    /// <summary>
    /// Velero's file-system restore helper (SPEC S6), and its name before Velero 1.10. Velero
    /// chose its image for this cluster and restore hooks count on its position: never touched.
    /// </summary>
    private static readonly string[] VeleroInitContainers = ["restore-wait", "restic-wait"];

    /// <summary>Positions whose image pointers are kept (a pod rarely has more containers).</summary>
    private const int CachedPositions = 16;

    /// <summary>Locations whose pointers are kept: the pod-spec paths of KnownKinds are a handful.</summary>
    private const int CachedLocations = 64;

    /// <summary>
    /// The image pointers of the first containers of each array, made once per location: every
    /// review of a workload whose images move writes them into its patch.
    /// </summary>
    private static readonly ConcurrentDictionary<(string PodSpecPath, string ArrayName), string?[]> ImagePointers = new();

    /// <summary>Image locations of the pod spec at <paramref name="podSpecPath"/> inside <paramref name="root"/>.</summary>
    public static IEnumerable<ImageLocation> Find(JsonElement root, string podSpecPath)
    {
        if (!PatchBuilder.TryResolve(root, podSpecPath, out var podSpec) || podSpec.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return InArray(podSpec, podSpecPath, "containers", skipVeleroHelpers: false)
            .Concat(InArray(podSpec, podSpecPath, "initContainers", skipVeleroHelpers: true));
    }

    private static IEnumerable<ImageLocation> InArray(JsonElement podSpec, string podSpecPath, string arrayName, bool skipVeleroHelpers)
    {
        var pointers = ImagePointers.TryGetValue((podSpecPath, arrayName), out var known) ? known
            : ImagePointers.Count < CachedLocations ? ImagePointers.GetOrAdd((podSpecPath, arrayName), _ => new string?[CachedPositions])
            : [];
        foreach (var (index, container) in podSpec.ObjectItems(arrayName))
        {
            if (!container.TryGetString("image", out var image)
                || (skipVeleroHelpers && container.TryGetString("name", out var name) && VeleroInitContainers.Contains(name)))
            {
                continue;
            }

            // A benign race: two requests may both make the same string; either is kept.
            var pointer = index < pointers.Length
                ? pointers[index] ??= Pointer(podSpecPath, arrayName, index)
                : Pointer(podSpecPath, arrayName, index);
            yield return new ImageLocation(pointer, image);
        }
    }

    private static string Pointer(string podSpecPath, string arrayName, int index) => $"{podSpecPath}/{arrayName}/{index}/image";
}
