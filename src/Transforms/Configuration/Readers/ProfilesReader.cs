using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>
/// <c>profiles</c> (SPEC X1): per-restore overlays. Each profile's sections are laid over the base
/// tree (<see cref="ConfigOverlay"/>) and the result is read by the same section readers as the base,
/// so a profile is validated exactly as a whole configuration would be, and yields complete settings.
/// Errors of a profile's effective configuration that the base already reported are not repeated.
/// </summary>
internal static class ProfilesReader
{
    public const string Key = "profiles";

    private const string RestoresKey = "restores";

    /// <summary>The top-level sections a profile may change (SPEC X1).</summary>
    public static readonly IReadOnlySet<string> OverlayKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "namespaceMapping", "registry", "routes", "pods", "builds", "skipResponse", "nodes", "storageClasses", "rules", "namespaceRefs",
    };

    /// <summary>Base keys left out of a profile's tree: the profiles themselves (no nesting).</summary>
    private static readonly IReadOnlySet<string> Dropped = new HashSet<string>(StringComparer.Ordinal) { Key };

    /// <summary>The profiles of <paramref name="root"/>; <paramref name="readFile"/> reads the files their effective configuration names (the base's <c>resourceModifiers</c>).</summary>
    public static IReadOnlyList<ProfileSettings> Read(ConfigSection root, ConfigFileReader? readFile = null)
    {
        var node = root.Get(Key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlMappingNode profiles)
        {
            root.Error(node, Key, "must be a mapping of profile names to overlays");
            return [];
        }

        var baseErrors = new HashSet<string>(root.Errors, StringComparer.Ordinal);
        var result = new List<ProfileSettings>();
        foreach (var entry in profiles.Children)
        {
            var name = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
            var path = root.Path($"{Key}.{name}");
            if (!KubernetesNames.IsDnsLabel(name))
            {
                // The name is an annotation value and an entry of restore-mutator.io/applied (profile:<name>).
                root.Error(entry.Key, $"{Key}.{name}", "a profile name must be a DNS label (lower-case letters, digits and '-', at most 63 characters)");
                continue;
            }

            if (Read(root, name, entry.Value, baseErrors, readFile) is { } profile)
            {
                result.Add(profile);
            }
        }

        return result;
    }

    private static ProfileSettings? Read(ConfigSection root, string name, YamlNode value, HashSet<string> baseErrors, ConfigFileReader? readFile)
    {
        var key = $"{Key}.{name}";
        YamlMappingNode overlay;
        switch (value)
        {
            case YamlMappingNode mapping:
                overlay = mapping;
                break;
            case YamlScalarNode { Value: null or "" or "~" or "null" } scalar when scalar.Style == YamlDotNet.Core.ScalarStyle.Plain:
                overlay = new YamlMappingNode();
                break;
            default:
                root.Error(value, key, "must be a mapping (restores and the sections to change)");
                return null;
        }

        var section = new ConfigSection(overlay, root.Path(key), root.Errors);
        var restores = section.StringList(RestoresKey, []);
        foreach (var glob in restores.Where(g => !KubernetesNames.IsLabelValueGlob(g)))
        {
            section.Error(RestoresKey, $"'{ConfigChecks.Clip(glob)}' is not a glob of restore names (letters, digits, '-', '_', '.', '*' and '?')");
        }

        foreach (var overlayKey in OverlayKeys)
        {
            section.Ignore(overlayKey);
        }

        section.RejectUnknownKeys();

        var errors = new List<string>();
        var tree = ConfigOverlay.Apply(root.MappingNode ?? new YamlMappingNode(), overlay, Dropped, OverlayKeys.Contains);
        var effective = new ConfigSection(tree, root.SectionPath, errors);
        var settings = MutationSettingsReader.Read(effective, readFile);
        foreach (var entry in overlay.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } sectionName } && OverlayKeys.Contains(sectionName) && !effective.IsKnown(sectionName))
            {
                // A section the SPEC lets profiles change but this build does not read (yet).
                section.Error(entry.Key, sectionName, "unknown key: this version has no such configuration section");
            }
        }

        foreach (var error in errors.Where(e => !baseErrors.Contains(e)))
        {
            // The rest of the line is the key in the profile's effective configuration (lists: the profile's entries first).
            root.Errors.Add($"{root.Path(key)}: {error}");
        }

        return new ProfileSettings { Name = name, Restores = restores, Settings = settings };
    }
}
