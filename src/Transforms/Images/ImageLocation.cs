using System.Text.Json;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Images;

/// <summary>An image reference found in an object: the JSON pointer of the string and its value.</summary>
internal readonly record struct ImageLocation(string Path, string Image)
{
    private const string ImageSuffix = "/image";
    private const string NameSuffix = "/name";

    /// <summary>
    /// Where the reference is, for a warning an operator can act on: <c>container web</c>,
    /// <c>init container setup</c>, or the object reference's pointer (<c>/spec/output/to</c>).
    /// </summary>
    public string Describe(JsonElement root)
    {
        if (Path.EndsWith(ImageSuffix, StringComparison.Ordinal))
        {
            var container = Path[..^ImageSuffix.Length];
            var kind = container.Contains("/initContainers/", StringComparison.Ordinal) ? "init container" : "container";
            return PatchBuilder.TryResolve(root, container, out var value) && value.TryGetString("name", out var name) && name.Length > 0
                ? $"{kind} {name}"
                : $"{kind} at {container}";
        }

        return Path.EndsWith(NameSuffix, StringComparison.Ordinal) ? Path[..^NameSuffix.Length] : Path;
    }
}
