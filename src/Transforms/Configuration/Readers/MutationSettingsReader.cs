namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>
/// Reads every mutation section of a configuration mapping, one small reader per section (YARP's
/// <c>ConfigValidator</c> style); errors go to the section's shared list, so all are reported at once.
/// </summary>
internal static class MutationSettingsReader
{
    /// <summary>Reads the mutation sections of <paramref name="root"/>; unknown keys are left for the caller to reject.</summary>
    public static MutationSettings Read(ConfigSection root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var defaults = new MutationSettings();
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
            Rules = OperatorRulesReader.Read(root),
        };

        // Profiles last: each is the other sections read again over an overlaid tree, and its errors
        // are told apart from the base's by comparing with the errors the base sections gave.
        return settings with { Profiles = ProfilesReader.Read(root) };
    }
}
