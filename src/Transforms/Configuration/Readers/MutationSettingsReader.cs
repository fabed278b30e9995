namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>
/// Reads every mutation section of a configuration mapping, one small reader per section (YARP's
/// <c>ConfigValidator</c> style); errors go to the section's shared list, so all are reported at once.
/// </summary>
internal static class MutationSettingsReader
{
    /// <summary>Reads the mutation sections of <paramref name="root"/>; unknown keys are left for the caller to reject.</summary>
    public static MutationSettings Read(ConfigSection root) => Read(root, null);

    /// <summary>
    /// As <see cref="Read(ConfigSection)"/>; <paramref name="readFile"/> reads the files the
    /// configuration names (<c>resourceModifiers</c>), null when there is no file to resolve them against.
    /// </summary>
    public static MutationSettings Read(ConfigSection root, ConfigFileReader? readFile)
    {
        ArgumentNullException.ThrowIfNull(root);
        var defaults = new MutationSettings();
        var ruleNames = new HashSet<string>(StringComparer.Ordinal);
        var settings = new MutationSettings
        {
            RestoreLabels = RestoreLabelsReader.Read(root, defaults.RestoreLabels),
            NamespaceMapping = NamespaceMappingReader.Read(root),
            Registry = RegistrySettingsReader.Read(root, defaults.Registry),
            Routes = RouteSettingsReader.Read(root, defaults.Routes),
            Pods = PodSettingsReader.ReadPods(root, defaults.Pods),
            Builds = PodSettingsReader.ReadBuilds(root, defaults.Builds),
            SkipResponse = root.Enum("skipResponse", defaults.SkipResponse),
            Nodes = NodeSettingsReader.ReadNodes(root),
            StorageClasses = NodeSettingsReader.ReadStorageClasses(root),
            NamespaceRefs = NamespaceRefSettingsReader.Read(root, defaults.NamespaceRefs),
            // U5: the rules of Velero resource-modifier files run after the rules: rules.
            Rules = [.. OperatorRulesReader.Read(root, ruleNames), .. ResourceModifiersReader.Read(root, readFile, ruleNames)],
        };

        // Profiles last: each is the other sections read again over an overlaid tree, and its errors
        // are told apart from the base's by comparing with the errors the base sections gave.
        return settings with { Profiles = ProfilesReader.Read(root, readFile) };
    }
}
