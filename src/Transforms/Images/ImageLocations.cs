using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Images;

/// <summary>Every image reference of an object, by kind (SPEC R3).</summary>
internal static class ImageLocations
{
    /// <summary>The image references of <paramref name="root"/>, an object of <paramref name="kind"/>; none for other kinds.</summary>
    public static IEnumerable<ImageLocation> Find(GroupKind kind, JsonElement root)
    {
        if (KnownKinds.PodSpecPath(kind) is { } podSpecPath)
        {
            return PodSpecImages.Find(root, podSpecPath);
        }

        if (kind == KnownKinds.BuildConfig.GroupKind || kind == KnownKinds.Build.GroupKind)
        {
            return ObjectReferenceImages.InBuildSpec(root);
        }

        if (kind == KnownKinds.ImageStream.GroupKind)
        {
            return ObjectReferenceImages.InImageStream(root);
        }

        return kind == KnownKinds.ImageStreamTag.GroupKind ? ObjectReferenceImages.InImageStreamTag(root) : [];
    }
}
