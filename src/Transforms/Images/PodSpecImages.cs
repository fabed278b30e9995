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
        foreach (var (index, container) in podSpec.ObjectItems(arrayName))
        {
            if (!container.TryGetString("image", out var image)
                || (skipVeleroHelpers && container.TryGetString("name", out var name) && VeleroInitContainers.Contains(name)))
            {
                continue;
            }

            yield return new ImageLocation($"{podSpecPath}/{arrayName}/{index}/image", image);
        }
    }
}
