using System.Text.Json;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Images;

/// <summary>
/// OpenShift object references that name an image directly (<c>{kind: DockerImage, name: ...}</c>)
/// in BuildConfigs, Builds, ImageStreams and ImageStreamTags (SPEC R3). References of kind
/// <c>ImageStreamTag</c> or <c>ImageStreamImage</c> name no registry and are left alone.
/// </summary>
internal static class ObjectReferenceImages
{
    private const string DockerImageKind = "DockerImage";

    private static readonly string[] BuildReferencePaths =
    [
        "/spec/output/to",
        "/spec/strategy/sourceStrategy/from",
        "/spec/strategy/dockerStrategy/from",
        "/spec/strategy/customStrategy/from",
    ];

    /// <summary>BuildConfig and Build: output, strategy base images, and source images.</summary>
    public static IEnumerable<ImageLocation> InBuildSpec(JsonElement root)
    {
        foreach (var path in BuildReferencePaths)
        {
            if (TryDockerImage(root, path, out var location))
            {
                yield return location;
            }
        }

        if (root.TryGetPath(out var source, "spec", "source"))
        {
            foreach (var (index, _) in source.ObjectItems("images"))
            {
                if (TryDockerImage(root, $"/spec/source/images/{index}/from", out var location))
                {
                    yield return location;
                }
            }
        }
    }

    /// <summary>ImageStream: tags that track an external image, and the repository it imports from.</summary>
    public static IEnumerable<ImageLocation> InImageStream(JsonElement root)
    {
        if (root.TryGetObject("spec", out var spec))
        {
            if (spec.TryGetString("dockerImageRepository", out var repository) && repository.Length > 0)
            {
                yield return new ImageLocation("/spec/dockerImageRepository", repository);
            }

            foreach (var (index, _) in spec.ObjectItems("tags"))
            {
                if (TryDockerImage(root, $"/spec/tags/{index}/from", out var location))
                {
                    yield return location;
                }
            }
        }
    }

    /// <summary>ImageStreamTag: the tag's <c>from</c>.</summary>
    public static IEnumerable<ImageLocation> InImageStreamTag(JsonElement root)
    {
        if (TryDockerImage(root, "/tag/from", out var location))
        {
            yield return location;
        }
    }

    private static bool TryDockerImage(JsonElement root, string referencePath, out ImageLocation location)
    {
        location = default;
        if (!PatchBuilder.TryResolve(root, referencePath, out var reference)
            || reference.GetStringOrNull("kind") != DockerImageKind
            || !reference.TryGetString("name", out var name))
        {
            return false;
        }

        location = new ImageLocation(referencePath + "/name", name);
        return true;
    }
}
