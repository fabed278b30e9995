using System.Text.Json;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// Reads <c>metadata.ownerReferences</c>. Velero strips them before CREATE, so rules that use them
/// also look at labels or annotations; other restore tools (and plain <c>kubectl create</c> of an
/// exported object) keep them.
/// </summary>
internal static class OwnerReferences
{
    /// <summary>The first owner reference that is a controller (<c>controller: true</c>).</summary>
    public static bool TryGetController(JsonElement obj, out string kind, out string name) =>
        TryFind(obj, static owner => owner.TryGetProperty("controller", out var c) && c.ValueKind == JsonValueKind.True, out kind, out name);

    /// <summary>The first owner reference of <paramref name="ownerKind"/> (any apiVersion, controller or not).</summary>
    public static bool TryGetOfKind(JsonElement obj, string ownerKind, out string name) =>
        TryFind(obj, owner => owner.GetStringOrNull("kind") == ownerKind, out _, out name);

    private static bool TryFind(JsonElement obj, Func<JsonElement, bool> match, out string kind, out string name)
    {
        if (obj.TryGetObject("metadata", out var metadata))
        {
            foreach (var (_, owner) in metadata.ObjectItems("ownerReferences"))
            {
                if (match(owner))
                {
                    kind = owner.GetStringOrNull("kind") ?? "controller";
                    name = owner.GetStringOrNull("name") ?? string.Empty;
                    return true;
                }
            }
        }

        kind = string.Empty;
        name = string.Empty;
        return false;
    }
}
