using System.Text.Json;
using RestoreMutator.Transforms.Selectors;

namespace RestoreMutator.Transforms.Rules;

/// <summary>Reads a <c>velero.io/v1 Restore</c> object, as the API server serves it, into <see cref="RestoreFacts"/>.</summary>
public static class RestoreFactsReader
{
    /// <summary>The facts, or null when <paramref name="restore"/> is not a Restore (no <c>metadata.name</c> or no <c>spec</c> object).</summary>
    public static RestoreFacts? Read(JsonElement restore)
    {
        if (!restore.TryGetObject("metadata", out var metadata) || metadata.GetStringOrNull("name") is not { Length: > 0 } name
            || !restore.TryGetObject("spec", out var spec))
        {
            return null;
        }

        return new RestoreFacts
        {
            Name = name,
            Uid = metadata.GetStringOrNull("uid") ?? string.Empty,
            Annotations = StringMap(metadata, "annotations"),
            NamespaceMapping = StringMap(spec, "namespaceMapping"),
            Hooks = Hooks(spec),
        };
    }

    private static List<RestoreHookSelector> Hooks(JsonElement spec)
    {
        var hooks = new List<RestoreHookSelector>();
        if (!spec.TryGetObject("hooks", out var section))
        {
            return hooks;
        }

        foreach (var (index, entry) in section.ObjectItems("resources"))
        {
            // Velero runs only postHooks (exec and init hooks alike); an entry without any runs nothing.
            if (!entry.TryGetArray("postHooks", out var postHooks) || postHooks.GetArrayLength() == 0)
            {
                continue;
            }

            hooks.Add(new RestoreHookSelector
            {
                Name = entry.GetStringOrNull("name") is { Length: > 0 } hookName ? hookName : $"#{index}",
                IncludedNamespaces = Strings(entry, "includedNamespaces"),
                ExcludedNamespaces = Strings(entry, "excludedNamespaces"),
                IncludedResources = Strings(entry, "includedResources"),
                ExcludedResources = Strings(entry, "excludedResources"),
                // A selector the API server would refuse selects every pod: keeping a pod is the safe side.
                LabelSelector = entry.TryGetProperty("labelSelector", out var selector) && selector.ValueKind == JsonValueKind.Object
                    && LabelSelector.TryParse(selector, out var parsed, out _)
                    ? parsed
                    : LabelSelector.Everything,
            });
        }

        return hooks;
    }

    private static string[] Strings(JsonElement obj, string name) =>
        obj.TryGetArray(name, out var array)
            ? array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToArray()
            : [];

    private static Dictionary<string, string> StringMap(JsonElement obj, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.TryGetObject(name, out var members))
        {
            foreach (var member in members.EnumerateObject())
            {
                if (member.Value.ValueKind == JsonValueKind.String && member.Value.GetString() is { Length: > 0 } value)
                {
                    map[member.Name] = value;
                }
            }
        }

        return map;
    }
}
