using System.Text.Json;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC P3: pods Velero must create itself, whoever manages them. A file-system volume restore
/// needs the very pod it prepared (init container <c>restore-wait</c>, whose PodVolumeRestores are
/// bound to the created pod's name and uid); restore hooks run in the created pod, whether an
/// annotation of the pod or a hook of the Restore's <c>spec.hooks</c> (<see cref="RestoreFacts"/>) asks for them.
/// </summary>
internal static class VeleroPodNeeds
{
    /// <summary>Velero's file-system restore helper; <c>restic-wait</c> is its name before Velero 1.10.</summary>
    public static readonly IReadOnlyList<string> RestoreHelperContainers = ["restore-wait", "restic-wait"];

    /// <summary>Pod volumes selected for file-system backup (opt-in mode).</summary>
    public const string BackupVolumesAnnotation = "backup.velero.io/backup-volumes";

    /// <summary>
    /// Annotation prefixes of restore hooks. SPEC names <c>post.hook.restore.velero.io/command</c> and
    /// <c>init.hook.restore.velero.io/container-image</c>; any key under these prefixes counts, so
    /// a partly written hook still keeps its pod (keeping a pod is the safe side).
    /// </summary>
    public static readonly IReadOnlyList<string> RestoreHookPrefixes = ["post.hook.restore.velero.io/", "init.hook.restore.velero.io/"];

    /// <summary>
    /// Why Velero needs this pod, now in <paramref name="targetNamespace"/>, or null when it does not.
    /// <paramref name="restore"/> is the Restore read by K1; null when it is unknown (its hooks then cannot be checked).
    /// </summary>
    public static string? Reason(JsonElement pod, RestoreFacts? restore, string targetNamespace)
    {
        if (pod.TryGetObject("spec", out var spec))
        {
            foreach (var (_, container) in spec.ObjectItems("initContainers"))
            {
                if (container.GetStringOrNull("name") is { } name && RestoreHelperContainers.Contains(name, StringComparer.Ordinal))
                {
                    return $"init container {name}";
                }
            }
        }

        if (pod.GetAnnotation(BackupVolumesAnnotation) is { Length: > 0 })
        {
            return $"annotation {BackupVolumesAnnotation}";
        }

        if (pod.TryGetPath(out var annotations, "metadata", "annotations") && annotations.ValueKind == JsonValueKind.Object)
        {
            foreach (var annotation in annotations.EnumerateObject())
            {
                if (RestoreHookPrefixes.Any(prefix => annotation.Name.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    return $"annotation {annotation.Name}";
                }
            }
        }

        return restore?.HookSelecting(targetNamespace, Labels(pod)) is { } hook
            ? $"restore hook {hook.Name} of Restore {restore.Name}"
            : null;
    }

    private static Dictionary<string, string> Labels(JsonElement pod)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pod.TryGetPath(out var members, "metadata", "labels") && members.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in members.EnumerateObject())
            {
                if (label.Value.ValueKind == JsonValueKind.String)
                {
                    labels[label.Name] = label.Value.GetString()!;
                }
            }
        }

        return labels;
    }
}
